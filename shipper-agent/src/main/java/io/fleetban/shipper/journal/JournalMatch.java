package io.fleetban.shipper.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A filter's {@code journalmatch} as journalctl arguments. fail2ban's syntax is journalctl's own: {@code FIELD=value}
 * terms, terms on different fields are ANDed, and a lone {@code +} starts an OR group, e.g.
 * {@code _SYSTEMD_UNIT=sshd.service + _COMM=sshd}. Each term becomes one argument (no shell ever sees them).
 */
public final class JournalMatch {

    /** journalctl's field names: upper-case letters, digits and underscores, not starting with a digit. */
    private static final Pattern TERM = Pattern.compile("[A-Z_][A-Z0-9_]*=.*");

    private JournalMatch() {}

    /**
     * The arguments for {@code journalmatch}; empty for blank text (every entry). As in fail2ban's filter reader,
     * each line of a multi-line value is a group of its own (ORed with the previous one) and is split like a shell
     * word list ({@code shlex.split}): a value may be quoted to hold spaces.
     *
     * @throws IllegalArgumentException for a term that is neither {@code FIELD=value} nor {@code +}, or a {@code +}
     *                                  at either end or doubled (journalctl would reject it)
     */
    public static List<String> toArguments(String journalmatch) {
        List<String> arguments = new ArrayList<>();
        for (String line : journalmatch.split("\n")) {
            List<String> group = words(line, journalmatch);
            if (group.isEmpty()) {
                continue;
            }
            if (!arguments.isEmpty()) {
                arguments.add("+");
            }
            arguments.addAll(group);
        }
        for (int i = 0; i < arguments.size(); i++) {
            String term = arguments.get(i);
            boolean plus = term.equals("+");
            if (plus
                    && (i == 0
                            || i == arguments.size() - 1
                            || arguments.get(i - 1).equals("+"))) {
                throw new IllegalArgumentException("'+' must stand between two match groups in: " + journalmatch);
            }
            if (!plus && !TERM.matcher(term).matches()) {
                throw new IllegalArgumentException("'" + term + "' is not FIELD=value or + in: " + journalmatch);
            }
        }
        return List.copyOf(arguments);
    }

    /** Splits one line at unquoted white space; single and double quotes group and are removed. */
    private static List<String> words(String line, String journalmatch) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in: " + journalmatch);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
