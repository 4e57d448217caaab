package io.fleetban.shipper.filter;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The failregexes a text can match, by its first character: each failregex's first-character pre-checks
 * ({@link FirstCharacters}, the anchored prefix's first character) answered once per ASCII character for the whole
 * list when the filter is compiled, so a line visits its few candidates instead of asking all of sshd.conf's ~20
 * regexes in turn. Candidates keep the filter's order; each still runs its full {@link FailRegex#search}. A text that
 * is empty or starts with a non-ASCII character gets every failregex.
 */
final class FailRegexDispatch {

    private final int[][] byFirstCharacter = new int[FirstCharacters.ASCII][];
    private final int[] all;

    FailRegexDispatch(List<FailRegex> failRegexes) {
        all = IntStream.range(0, failRegexes.size()).toArray();
        for (char c = 0; c < FirstCharacters.ASCII; c++) {
            char first = c;
            byFirstCharacter[c] = IntStream.of(all)
                    .filter(i -> failRegexes.get(i).mayStartWith(first))
                    .toArray();
        }
    }

    /** The indexes, in filter order, of the failregexes that may match {@code text}. */
    int[] candidates(String text) {
        if (text.isEmpty() || text.charAt(0) >= FirstCharacters.ASCII) {
            return all;
        }
        return byFirstCharacter[text.charAt(0)];
    }
}
