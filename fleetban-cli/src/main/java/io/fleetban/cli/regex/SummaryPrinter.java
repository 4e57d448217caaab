package io.fleetban.cli.regex;

import io.fleetban.fail2ban.filter.FilterDefinition;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints a {@link MatchSummary} in fail2ban-regex's layout, so operators read it as they always have. */
public final class SummaryPrinter {

    private SummaryPrinter() {}

    /**
     * Prints the report.
     *
     * @param logName the log file, or "command line" for a single line
     * @param elapsed time spent matching, printed as fail2ban-regex's "[processed in ...]"
     */
    public static void print(
            PrintWriter out, FilterDefinition def, String logName, MatchSummary summary, Duration elapsed) {
        out.println();
        out.println("Running tests");
        out.println("=============");
        out.println();
        out.println("Use   failregex "
                + (FilterSource.COMMAND_LINE.equals(def.name())
                        ? "line : " + def.failRegex().get(0)
                        : "filter file : " + def.name() + ", file: " + def.file()));
        out.println("Use         log file : " + logName);
        out.println("Use         encoding : UTF-8");
        out.println();
        out.println("Results");
        out.println("=======");
        out.println();
        printRegexHits(out, "Failregex", def.failRegex(), summary.failRegexHits());
        printRegexHits(out, "Ignoreregex", def.ignoreRegex(), summary.ignoreRegexHits());
        printDateFormats(out, summary);
        out.printf(
                Locale.ROOT,
                "Lines: %d lines, %d ignored, %d matched, %d missed%n",
                summary.lines(),
                summary.ignored(),
                summary.matched(),
                summary.missed());
        out.printf(Locale.ROOT, "[processed in %.2f sec]%n", elapsed.toNanos() / 1e9);
        out.println();
        printUnbanned(out, summary);
        printLines(out, "Ignored", summary.ignored(), summary.ignoredLines(), false);
        printLines(out, "Matched", summary.matched(), summary.matchedLines(), false);
        printLines(out, "Missed", summary.missed(), summary.missedLines(), true);
        out.flush();
    }

    /** fleetban's own note: matches fail2ban would ban after a DNS lookup, and the shipper will not. */
    private static void printUnbanned(PrintWriter out, MatchSummary summary) {
        if (summary.unbanned() == 0) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "Not banned: %d of the %d matched lines captured a host that is no IP address (first: %s)."
                        + "%n  The shipper will not ban them: fleetban does not resolve DNS (a log line must not choose, through"
                        + "%n  a name, which address the fleet blocks) and bans only addresses. Capture <ADDR> for addresses.%n%n",
                summary.unbanned(),
                summary.matched(),
                summary.firstUnbannedHost().orElse(""));
    }

    private static void printRegexHits(PrintWriter out, String title, List<String> regexes, long[] hits) {
        out.println(title + ": " + java.util.Arrays.stream(hits).sum() + " total");
        if (!regexes.isEmpty()) {
            out.println("|-  #) [# of hits] regular expression");
            for (int i = 0; i < regexes.size(); i++) {
                out.printf(Locale.ROOT, "|  %2d) [%d] %s%n", i + 1, hits[i], regexes.get(i));
            }
            out.println("`-");
        }
        out.println();
    }

    private static void printDateFormats(PrintWriter out, MatchSummary summary) {
        out.println("Date template hits:");
        out.println("|- [# of hits] date format");
        summary.dateTemplateHits().forEach((template, hits) -> out.printf(Locale.ROOT, "|  [%d] %s%n", hits, template));
        out.println("`-");
        out.println();
    }

    /** fail2ban-regex: ignored and matched lines only when asked; missed ones unasked when there are few. */
    private static void printLines(PrintWriter out, String what, long count, KeptLines kept, boolean unaskedWhenFew) {
        if (count == 0 || !(kept.all() || unaskedWhenFew)) {
            return;
        }
        if (!kept.all() && count > KeptLines.IN_MEMORY) {
            out.println(what + " line(s): too many to print.  Use --print-all-" + what.toLowerCase(Locale.ROOT)
                    + " to print all " + count + " lines");
            return;
        }
        out.println(what + " line(s):");
        final String[] prefix = {"|- "};
        kept.forEach(line -> {
            out.print(prefix[0]);
            out.println(line);
            prefix[0] = "|  ";
        });
        out.println("`-");
        out.println();
    }
}
