package io.fleetban.bench;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleetban bench regex}: fleetban's filter engine against fail2ban-regex on the same generated logs. */
@Command(
        name = "regex",
        mixinStandardHelpOptions = true,
        description = {
            "Times fleetban's filter engine and fail2ban-regex on the same files, in the same run.",
            "",
            "Method: two logs of --lines lines are generated in a temporary directory (fixed random seed):",
            "  seed  the tutorial app's format, every line a failure, with the tutorial filter (examples/filter.d/fail.conf);",
            "  sshd  a Debian auth.log mix (~40%% sshd failures of 4 kinds, accepted logins, sessions, cron, systemd,",
            "        kernel lines) with Debian's filter.d/sshd.conf read from --fail2ban-dir (fail2ban's GPL files are",
            "        used in place, never copied into fleetban).",
            "fleetban: one thread reads the file (UTF-8, split at \\n) and matches every line with one compiled filter,",
            "  counting outcomes, as `fleetban regex` does; one warm-up pass, then --passes timed passes, median reported.",
            "fail2ban-regex: `PYTHON FAIL2BAN_REGEX --print-no-missed LOG FILTER` with PYTHONPATH set, PYTHON the",
            "  interpreter the script's #! line names when it exists (Debian's /usr/bin/python3), else python3; its own",
            "  '[processed in N sec]' (matching loop, without Python start-up) gives its l/s.",
            "Both are also reported per second of process CPU time (fleetban: JVM process CPU during the pass, GC and",
            "  JIT included; fail2ban-regex: the process's CPU time, start-up included), which a shared, loaded machine",
            "  distorts far less than elapsed time.",
            "  When the script is absent the peer is skipped with a note.",
            "Both engines' matched/ignored counts are printed side by side as a correctness check.",
            "Whole command: `bin/fleetban regex LOG FILTER` is also run through --launcher as an operator runs it",
            "  (JVM start, filter compilation, reading on every core, summary; the launcher's regex JVM options and",
            "  class-data archive; FLEETBAN_JAVA_OPTS, the bench JVM's own, is not passed on): a first run, untimed,",
            "  which makes the launcher's class-data archive when it has none (reported apart), then --command-runs",
            "  timed runs, median by elapsed time. Compared with fail2ban-regex's whole process (Python start",
            "  included): elapsed and CPU time (user + system of the process and its children, exact), and the",
            "  command's peak RSS. The command's summary counts must equal the engine's.",
            "",
            "Get fail2ban without installing it: cd /tmp && apt-get download fail2ban && dpkg -x fail2ban_*.deb /tmp/fail2ban-pkg"
        })
public final class BenchRegexCommand implements Callable<Integer> {

    private static final String SEED_FILTER_RESOURCE = "/examples/filter.d/fail.conf";

    @Option(
            names = "--lines",
            defaultValue = "1000000",
            description = "Lines per generated log (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(
            names = "--passes",
            defaultValue = "3",
            description = "Timed fleetban passes after the warm-up (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(
            names = "--command-runs",
            defaultValue = "3",
            description = "Timed runs of the whole command after its first run (default: ${DEFAULT-VALUE}).")
    int commandRuns;

    @Option(
            names = "--fail2ban-dir",
            defaultValue = "/tmp/fail2ban-pkg/etc/fail2ban",
            description = "fail2ban config dir with filter.d/sshd.conf (default: ${DEFAULT-VALUE}).")
    Path fail2banDir;

    @Option(
            names = "--fail2ban-regex",
            defaultValue = "/tmp/fail2ban-pkg/usr/bin/fail2ban-regex",
            description = "fail2ban-regex script (default: ${DEFAULT-VALUE}).")
    Path fail2banRegex;

    @Option(
            names = "--fail2ban-pythonpath",
            defaultValue = "/tmp/fail2ban-pkg/usr/lib/python3/dist-packages",
            description = "PYTHONPATH for fail2ban-regex (default: ${DEFAULT-VALUE}).")
    Path fail2banPythonPath;

    @Option(
            names = "--launcher",
            description = "The fleetban launcher for the whole-command run (default: bin/fleetban of"
                    + " this installation).")
    Path launcher;

    @Option(names = "--keep", description = "Keep the generated files and fail2ban-regex output.")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        if (commandRuns < 1) {
            throw new ParameterException(spec.commandLine(), "--command-runs must be at least 1");
        }
        final Path workDir = Files.createTempDirectory("fleetban-bench-regex-");
        try {
            final Optional<Fail2banRegexPeer> peer = Fail2banRegexPeer.find(fail2banRegex, fail2banPythonPath);
            out.printf(
                    Locale.ROOT,
                    "fleetban bench regex: %d lines per log in %s; fleetban single-threaded, 1 warm-up"
                            + " + %d timed passes (median)%n",
                    lines,
                    workDir,
                    passes);
            if (peer.isEmpty()) {
                out.println("NOTE: " + fail2banRegex + " not found: fail2ban-regex skipped (see --help to get it)");
            } else {
                out.println("fail2ban-regex runs on " + peer.get().interpreter());
            }
            out.println("l/s = lines per second of elapsed time; l/cpu-s = lines per second of process CPU time");
            out.printf(
                    Locale.ROOT,
                    "%-5s %12s %14s %7s   %12s %14s %7s  %s%n",
                    "case",
                    "fleetban l/s",
                    "fail2ban l/s",
                    "ratio",
                    "fleetban",
                    "fail2ban",
                    "ratio",
                    "matched/ignored fleetban | fail2ban-regex");
            out.printf(Locale.ROOT, "%-5s %12s %14s %7s   %12s %14s %7s%n", "", "", "", "", "l/cpu-s", "l/cpu-s", "");
            out.flush();
            final Path seedFilter = copySeedFilter(workDir);
            final Path seedLog = workDir.resolve("seed.log");
            BenchLogs.writeSeedLog(seedLog, lines);
            runCase(out, "seed", seedLog, seedFilter, peer, workDir);
            final Path sshdFilter = fail2banDir.resolve("filter.d").resolve("sshd.conf");
            if (Files.isRegularFile(sshdFilter)) {
                final Path authLog = workDir.resolve("auth.log");
                BenchLogs.writeAuthLog(authLog, lines);
                runCase(out, "sshd", authLog, sshdFilter, peer, workDir);
            } else {
                out.println("NOTE: " + sshdFilter + " not found: sshd case skipped (see --help to get it)");
            }
            return 0;
        } finally {
            WorkDir.keepOrDelete(out, workDir, keep);
        }
    }

    private void runCase(
            PrintWriter out, String name, Path log, Path filter, Optional<Fail2banRegexPeer> peer, Path workDir) {
        final FilterDefinition def = FilterReader.readFile(filter, Map.of());
        final EngineTiming.Result fleetban = EngineTiming.time(def, log, passes);
        final EngineTiming.Pass median = fleetban.median();
        final RegexCommandRun.Result command = RegexCommandRun.run(
                launcher != null ? launcher : ChildJvm.defaultLauncher(),
                log,
                filter,
                workDir.resolve("fleetban-regex-" + log.getFileName() + ".out"),
                commandRuns);
        final RegexCommandRun.Run run = command.median();
        final String commandCounts = summaryCounts(command.output());
        if (peer.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%-5s %,12.0f %14s %7s   %,12.0f %14s %7s  %d/%d | -%n",
                    name,
                    median.linesPerSecond(),
                    "-",
                    "-",
                    median.linesPerCpuSecond(),
                    "-",
                    "-",
                    median.matched(),
                    median.ignored());
            out.printf(
                    Locale.ROOT,
                    "      whole command (median of %d runs): fleetban regex %.2f s wall, %.2f s CPU, peak RSS %.0f MiB; %s%n",
                    command.timed().size(),
                    run.wallSeconds(),
                    run.cpuSeconds(),
                    run.peakRssKb() / 1024.0,
                    commandCounts);
            printCommandRuns(out, command);
        } else {
            final Fail2banRegexPeer.Run f2b = peer.get().run(log, filter, workDir);
            out.printf(
                    Locale.ROOT,
                    "%-5s %,12.0f %,14.0f %6.1fx   %,12.0f %,14.0f %6.1fx  %d/%d | %d/%d%s%n",
                    name,
                    median.linesPerSecond(),
                    f2b.linesPerSecond(),
                    median.linesPerSecond() / f2b.linesPerSecond(),
                    median.linesPerCpuSecond(),
                    f2b.linesPerCpuSecond(),
                    median.linesPerCpuSecond() / f2b.linesPerCpuSecond(),
                    median.matched(),
                    median.ignored(),
                    f2b.matched(),
                    f2b.ignored(),
                    median.matched() == f2b.matched() ? "" : "  (counts differ)");
            out.printf(
                    Locale.ROOT,
                    "      fleetban passes (s): %s; fail2ban-regex: processed in %.1f s, wall %.1f s,"
                            + " CPU %.1f s%n",
                    passTimes(fleetban),
                    f2b.processedSeconds(),
                    f2b.wallSeconds(),
                    f2b.cpuSeconds());
            out.printf(
                    Locale.ROOT,
                    "      whole command (median of %d runs): fleetban regex %.2f s wall, %.2f s CPU, peak RSS %.0f MiB;"
                            + " fail2ban-regex %.1f s wall, %.1f s CPU: %.1fx wall, %.1fx CPU; %s%n",
                    command.timed().size(),
                    run.wallSeconds(),
                    run.cpuSeconds(),
                    run.peakRssKb() / 1024.0,
                    f2b.wallSeconds(),
                    f2b.cpuSeconds(),
                    f2b.wallSeconds() / run.wallSeconds(),
                    f2b.cpuSeconds() / run.cpuSeconds(),
                    commandCounts);
            printCommandRuns(out, command);
        }
        out.flush();
    }

    /** Every run of the whole command: the timed ones (the median above is one of them) and the first. */
    private static void printCommandRuns(PrintWriter out, RegexCommandRun.Result command) {
        final StringBuilder timed = new StringBuilder();
        for (RegexCommandRun.Run run : command.timed()) {
            timed.append(timed.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.2f wall/%.2f cpu", run.wallSeconds(), run.cpuSeconds()));
        }
        out.printf(
                Locale.ROOT,
                "      whole command runs (s): %s; first run %.2f wall/%.2f cpu (makes the launcher's class-data"
                        + " archive when it has none)%n",
                timed,
                command.first().wallSeconds(),
                command.first().cpuSeconds());
    }

    /** The command's "Lines:" summary line, as a check against the engine's counts. */
    private static String summaryCounts(Path output) {
        try (Stream<String> lines = Files.lines(output)) {
            return lines.filter(line -> line.startsWith("Lines: ")).findFirst().orElse("no summary in " + output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + output, e);
        }
    }

    private static Path copySeedFilter(Path workDir) throws IOException {
        final Path filter = workDir.resolve("filter.d").resolve("fail.conf");
        Files.createDirectories(filter.getParent());
        try (InputStream in = BenchRegexCommand.class.getResourceAsStream(SEED_FILTER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the tutorial filter " + SEED_FILTER_RESOURCE + " is not on the classpath");
            }
            Files.copy(in, filter);
        }
        return filter;
    }

    private static String passTimes(EngineTiming.Result result) {
        final StringBuilder text = new StringBuilder();
        for (EngineTiming.Pass pass : result.passes()) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(String.format(
                            Locale.ROOT, "%.2f wall/%.2f cpu", pass.nanos() / 1e9, pass.cpuNanos() / 1e9));
        }
        return text.toString();
    }
}
