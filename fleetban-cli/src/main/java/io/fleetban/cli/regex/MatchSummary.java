package io.fleetban.cli.regex;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Ignored;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The counts fail2ban-regex reports for one run: lines, ignored (an ignoreregex or a {@code <F-NOFAIL>} match, as
 * fail2ban-regex counts them), matched (a host that is no IP address too, as fail2ban-regex counts it, also counted
 * apart: {@link UnbannedHost}), missed, hits per failregex and
 * ignoreregex (from {@link MatchResult#failRegexIndex()}, exact for multi-line filters too), date template hits (from
 * {@link MatchResult#dateTemplate()}), and the matched/missed/ignored lines themselves (all of them when asked, otherwise the
 * first {@value KeptLines#IN_MEMORY}, which fail2ban-regex prints when there are no more than that).
 */
public final class MatchSummary implements AutoCloseable {

    /** Which line lists to keep in full ({@code --print-all-matched/-missed/-ignored}). */
    public record PrintAll(boolean matched, boolean missed, boolean ignored) {}

    private final JailFilter filter;
    /** Hits per date template name, in the order the templates were first seen: a counter each, bumped per line. */
    private final Map<String, long[]> dateTemplateHits = new LinkedHashMap<>();

    private String lastDateTemplate;
    private long[] lastDateTemplateHits;

    private final long[] failRegexHits;
    private final long[] ignoreRegexHits;
    private final KeptLines matchedLines;
    private final KeptLines missedLines;
    private final KeptLines ignoredLines;
    private long lines;
    private long matched;
    private long ignored;
    private long missed;
    private long unbanned;
    private String firstUnbannedHost;

    private MatchSummary(FilterDefinition def, FilterClock clock, PrintAll printAll) {
        this.filter = JailFilter.compile(def, clock);
        this.matchedLines = new KeptLines(printAll.matched());
        this.missedLines = new KeptLines(printAll.missed());
        this.ignoredLines = new KeptLines(printAll.ignored());
        this.failRegexHits = new long[def.failRegex().size()];
        this.ignoreRegexHits = new long[def.ignoreRegex().size()];
    }

    /**
     * Compiles the filter for a summary run.
     *
     * @throws IllegalArgumentException when a regex does not compile
     */
    public static MatchSummary start(FilterDefinition def, FilterClock clock, PrintAll printAll) {
        return new MatchSummary(def, clock, printAll);
    }

    /** The compiled filter (for its {@link JailFilter#warnings()}). */
    public JailFilter filter() {
        return filter;
    }

    /** Matches one line and counts the outcome. */
    public void add(long number, String line) {
        add(number, line, filter.match(line));
    }

    /** Counts the outcome of one line, matched by {@link #filter()} (or a {@link LogMatcher} completing on it). */
    public void add(long number, String line, MatchResult result) {
        final Optional<UnbannedHost> unbannedHost = UnbannedHost.of(result);
        lines++;
        if (result.failRegexIndex() != MatchResult.NO_REGEX) {
            failRegexHits[result.failRegexIndex()]++;
        }
        final Optional<String> dateTemplate = result.dateTemplate();
        if (dateTemplate.isPresent()) {
            dateTemplateHits(dateTemplate.get())[0]++;
        }
        if (result instanceof Failure failure) {
            matched++;
            if (matchedLines.wants()) {
                matchedLines.add(line + "  # host " + failure.ip().canonical());
            }
        } else if (unbannedHost.isPresent()) {
            final UnbannedHost host = unbannedHost.get();
            matched++;
            unbanned++;
            if (firstUnbannedHost == null) {
                firstUnbannedHost = host.host();
            }
            if (matchedLines.wants()) {
                matchedLines.add(line + "  # host " + host.host() + " (not banned: " + host.why() + ")");
            }
        } else if (result instanceof Ignored ignore) {
            ignored++;
            ignoreRegexHits[ignore.ignoreRegexIndex()]++;
            ignoredLines.add(line);
        } else if (result instanceof Missed miss && miss.reason().equals(Missed.NO_FAILURE)) {
            // fail2ban-regex counts a match flagged <F-NOFAIL> (e.g. sshd's "Accepted publickey") as ignored too.
            ignored++;
            ignoredLines.add(line);
        } else {
            missed++;
            missedLines.add(line);
        }
    }

    /** The counter of template {@code name}: most lines of a log have the last line's template, found without a lookup. */
    private long[] dateTemplateHits(String name) {
        if (!name.equals(lastDateTemplate)) {
            lastDateTemplate = name;
            lastDateTemplateHits = dateTemplateHits.computeIfAbsent(name, n -> new long[1]);
        }
        return lastDateTemplateHits;
    }

    public long lines() {
        return lines;
    }

    public long matched() {
        return matched;
    }

    public long ignored() {
        return ignored;
    }

    public long missed() {
        return missed;
    }

    /** Matched lines whose host is no IP address ({@link UnbannedHost}): counted as matched, never banned. */
    public long unbanned() {
        return unbanned;
    }

    /** The first such host, for the summary's note. */
    Optional<String> firstUnbannedHost() {
        return Optional.ofNullable(firstUnbannedHost);
    }

    long[] failRegexHits() {
        return failRegexHits.clone();
    }

    long[] ignoreRegexHits() {
        return ignoreRegexHits.clone();
    }

    Map<String, Long> dateTemplateHits() {
        final Map<String, Long> hits = new LinkedHashMap<>();
        dateTemplateHits.forEach((name, count) -> hits.put(name, count[0]));
        return Collections.unmodifiableMap(hits);
    }

    KeptLines matchedLines() {
        return matchedLines;
    }

    KeptLines missedLines() {
        return missedLines;
    }

    KeptLines ignoredLines() {
        return ignoredLines;
    }

    /** Lets go of the lines kept for printing. */
    @Override
    public void close() {
        matchedLines.close();
        missedLines.close();
        ignoredLines.close();
    }
}
