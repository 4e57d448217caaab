package io.fleetban.cli.regex;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which failregex matched a line, for the per-regex hit counts of the summary. {@link MatchResult} does not say (see
 * /work/brief/NOTES-filter.md), so each failregex of a filter with several is compiled alone, with the same
 * prefregex and date settings and no ignoreregex, into a probe filter; the first probe that matches a line the real
 * filter matched is the regex fail2ban would have used (fail2ban tries failregexes in order too).
 *
 * <p>Single-line filters feed the probes only the lines the real filter matched, so the cost is paid on hits only.
 * Multi-line filters feed every probe every line, because a probe's line buffer must see the whole log.
 */
final class FailRegexAttribution {

    private final List<JailFilter> probes;
    private final boolean multiLine;

    private FailRegexAttribution(List<JailFilter> probes, boolean multiLine) {
        this.probes = probes;
        this.multiLine = multiLine;
    }

    static FailRegexAttribution of(FilterDefinition def, FilterClock clock) {
        if (def.failRegex().size() < 2) {
            return new FailRegexAttribution(List.of(), false);
        }
        final List<JailFilter> probes = def.failRegex().stream()
                .map(regex -> JailFilter.compile(new FilterDefinition(def.name(), def.file(), List.of(regex), List.of(),
                        def.prefRegex(), def.datePattern(), def.maxLines(), def.journalMatch(), def.options()), clock))
                .toList();
        return new FailRegexAttribution(probes, def.maxLines() > 1);
    }

    /** Whether a result means some failregex matched (even if ignored, invalid or a {@code <F-NOFAIL>} line). */
    static boolean isHit(MatchResult result) {
        return !(result instanceof Missed missed)
                || !(missed.reason().equals(Missed.NO_MATCH) || missed.reason().equals(Missed.NO_DATE));
    }

    /** The 0-based index of the failregex that matched {@code line}, or -1 when none did. */
    int which(String line, MatchResult result) {
        if (probes.isEmpty()) {
            return isHit(result) ? 0 : -1;
        }
        if (multiLine) {
            final int[] hits = probes.stream().mapToInt(p -> isHit(p.match(line)) ? 1 : 0).toArray();
            return isHit(result) ? IntStream.range(0, hits.length).filter(i -> hits[i] == 1).findFirst().orElse(-1) : -1;
        }
        if (!isHit(result)) {
            return -1;
        }
        for (int i = 0; i < probes.size(); i++) {
            if (isHit(probes.get(i).match(line))) {
                return i;
            }
        }
        return -1;
    }
}
