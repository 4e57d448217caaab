package io.fleetban.cli;

import io.fleetban.cli.regex.FilterSource;
import io.fleetban.cli.regex.JsonLineReport;
import io.fleetban.cli.regex.LogLines;
import io.fleetban.cli.regex.LogMatcher;
import io.fleetban.cli.regex.MatchSummary;
import io.fleetban.cli.regex.RegexClock;
import io.fleetban.cli.regex.SummaryPrinter;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleetban regex}: fail2ban-regex for fleetban's filter engine, with fail2ban-regex's summary and a
 * line-by-line JSON mode for scripts ({@link io.fleetban.cli.regex.JsonLineReport}). Handles its own errors so that it returns 2 with one line naming the
 * problem for any usage or filter error, whoever calls it.
 */
@Command(
        name = "regex",
        mixinStandardHelpOptions = true,
        description = {
            "Test a fail2ban filter on a log, like fail2ban-regex, with fleetban's engine.",
            "LOG is a log file, or a single log line when no such file exists; FILTER is a filter .conf (its",
            "[INCLUDES] resolve next to it), a filter name resolved in --config-dir's filter.d (sshd,",
            "sshd[mode=aggressive]), or a failregex; IGNOREREGEX adds an ignoreregex.",
            "",
            "--json prints one object per input line (LOG must be a file, FILTER a filter file or name):",
            "  {\"line\": n, \"match\": bool, \"host\": str|null, \"time\": epochSeconds|null, \"ignored\": bool}",
            "host and time are set when match is true. Multi-line filters report a match on the line that completes it.",
            "As in fail2ban-regex, a captured host that is no IP address (example.com) is a match with that host; the",
            "shipper does not ban it (fleetban does not resolve DNS), which the summary says.",
            "",
            "Dates without an offset are read in --timezone (default UTC; the process TZ is never used); year-less",
            "dates take their year from --now (default: the current time). --filter-option logtype=journal reads each",
            "line as a journal message: no date detection, time = --now.",
            "",
            "A failregex with a greedy .* or .+ before <HOST> that is not hard-anchored is reported (fail2ban's",
            "RE_WRONG_GREED): a log line can then choose the banned address. See examples/filter.d/fail-safe.conf.",
            "",
            "Exit codes: 0 done, 1 the log could not be read, 2 usage or filter error."
        })
public final class RegexCommand implements Callable<Integer> {

    /** Where the injection warning sends the operator. */
    static final String SAFE_FILTER_EXAMPLE = "examples/filter.d/fail-safe.conf";

    @Parameters(index = "0", paramLabel = "LOG", description = "Log file, or one log line.")
    String log;

    @Parameters(
            index = "1",
            paramLabel = "FILTER",
            description = "Filter file (.conf), filter name (sshd, sshd[mode=aggressive]) or failregex.")
    String filter;

    @Parameters(index = "2", arity = "0..1", paramLabel = "IGNOREREGEX", description = "An extra ignoreregex.")
    String ignoreRegex;

    @Option(names = "--json", description = "One JSON object per input line instead of the summary.")
    boolean json;

    @Option(
            names = "--now",
            paramLabel = "ISO8601",
            description = "Current time, e.g. 2005-08-14T12:00:00+02:00 (without offset: in --timezone).")
    String now;

    @Option(
            names = "--timezone",
            paramLabel = "TZ",
            description =
                    "Zone of dates without offset: IANA id (Europe/Paris) or POSIX TZ (CET-01CEST-02,M3.5.0,M10.5.0).")
    String timezone;

    @Option(
            names = "--filter-option",
            paramLabel = "NAME=VALUE",
            description = "Filter parameter, e.g. mode=aggressive or logtype=journal (repeatable).")
    Map<String, String> filterOptions = new LinkedHashMap<>();

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            defaultValue = "/etc/fail2ban",
            description = "fail2ban config dir whose filter.d holds filters given by name (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--print-all-matched", description = "Print every matched line.")
    boolean printAllMatched;

    @Option(names = "--print-all-missed", description = "Print every missed line.")
    boolean printAllMissed;

    @Option(names = "--print-all-ignored", description = "Print every ignored line.")
    boolean printAllIgnored;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final FilterClock clock = RegexClock.of(Optional.ofNullable(now), Optional.ofNullable(timezone));
            final FilterDefinition def = FilterSource.resolve(
                    filter, Optional.ofNullable(ignoreRegex), Map.copyOf(filterOptions), configDir, json);
            return json ? runJson(def, clock, err) : runSummary(def, clock, err);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("fleetban regex: " + e.getMessage());
            err.flush();
            return Fleetban.EXIT_USAGE;
        } catch (UncheckedIOException e) {
            err.println("fleetban regex: " + e.getMessage());
            err.flush();
            return Fleetban.EXIT_FAILURE;
        }
    }

    private int runJson(FilterDefinition def, FilterClock clock, PrintWriter err) {
        final Path logFile = Path.of(log);
        if (!Files.isRegularFile(logFile)) {
            throw new IllegalArgumentException("log file not found: " + log);
        }
        final JailFilter compiled = JailFilter.compile(def, clock);
        warn(compiled, err);
        JsonLineReport.write(matcher(compiled), logFile, spec.commandLine().getOut());
        return Fleetban.EXIT_OK;
    }

    private int runSummary(FilterDefinition def, FilterClock clock, PrintWriter err) {
        try (MatchSummary summary = MatchSummary.start(
                def, clock, new MatchSummary.PrintAll(printAllMatched, printAllMissed, printAllIgnored))) {
            warn(summary.filter(), err);
            final Path logFile = Path.of(log);
            final boolean isFile = Files.isRegularFile(logFile);
            final long start = System.nanoTime();
            if (isFile) {
                matcher(summary.filter()).matchFile(logFile, summary::add);
            } else {
                LogLines.forEachInText(log, summary::add);
            }
            final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            SummaryPrinter.print(spec.commandLine().getOut(), def, isFile ? log : "command line", summary, elapsed);
            return Fleetban.EXIT_OK;
        }
    }

    /** Matches on every core, completing on {@code filter}; the workers match with copies of it. */
    private static LogMatcher matcher(JailFilter filter) {
        return LogMatcher.of(filter, LogMatcher.defaultWorkers());
    }

    /** The RE_WRONG_GREED lint, on stderr so that --json output stays machine-readable. */
    private static void warn(JailFilter compiled, PrintWriter err) {
        for (String warning : compiled.warnings()) {
            err.println("WARNING: " + warning
                    + (warning.contains(SAFE_FILTER_EXAMPLE)
                            ? ""
                            : "; a safe form of the tutorial filter: " + SAFE_FILTER_EXAMPLE));
        }
        err.flush();
    }
}
