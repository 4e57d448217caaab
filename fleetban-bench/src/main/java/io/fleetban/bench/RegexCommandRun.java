package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole {@code fleetban regex LOG FILTER} command through the launcher, as an operator does (JVM start, filter
 * compilation, reading the file, the summary), and measures that process: elapsed time, CPU time (user + system of
 * the process and of whatever it waited for, exact: {@link ProcStat#reapedChildrenNanos}) and peak RSS (VmHWM, sampled while it
 * runs).
 *
 * <p>The command gets the environment an operator's shell gives it: not {@code FLEETBAN_JAVA_OPTS}, which is the
 * bench JVM's own. A first run is not timed: the launcher makes its class-data archive on its first use (a training
 * JVM before the command), which an operator pays once; its cost is reported apart. The timed runs follow.
 */
final class RegexCommandRun {

    private static final long SAMPLE_MS = 20;

    /** What one run cost. */
    record Run(double wallSeconds, double cpuSeconds, long peakRssKb) {}

    /** The first run, the timed runs and their median by elapsed time; the last run's output is in {@code output}. */
    record Result(Run first, List<Run> timed, Path output) {
        Run median() {
            final List<Run> sorted = new ArrayList<>(timed);
            sorted.sort(Comparator.comparingDouble(Run::wallSeconds));
            return sorted.get(sorted.size() / 2);
        }
    }

    private RegexCommandRun() {}

    static Result run(Path launcher, Path log, Path filter, Path output, int timedRuns) {
        final Run first = once(launcher, log, filter, output);
        final List<Run> timed = new ArrayList<>();
        for (int i = 0; i < timedRuns; i++) {
            timed.add(once(launcher, log, filter, output));
        }
        return new Result(first, List.copyOf(timed), output);
    }

    private static Run once(Path launcher, Path log, Path filter, Path output) {
        final ProcessBuilder builder = new ProcessBuilder(
                        List.of(launcher.toString(), "regex", log.toString(), filter.toString()))
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("FLEETBAN_SKIP_BUILD", "1");
        builder.environment().remove("FLEETBAN_JAVA_OPTS");
        try {
            final long cpuBefore = ProcStat.self().reapedChildrenNanos();
            final long start = System.nanoTime();
            final Process process = builder.start();
            long peakKb = 0;
            while (!process.waitFor(SAMPLE_MS, TimeUnit.MILLISECONDS)) {
                peakKb = Math.max(peakKb, peakRssKb(process.pid()));
            }
            final double wall = (System.nanoTime() - start) / 1e9;
            final double cpu = (ProcStat.self().reapedChildrenNanos() - cpuBefore) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("fleetban regex exited " + process.exitValue() + "; see " + output);
            }
            return new Run(wall, cpu, peakKb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + launcher + " regex: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fleetban regex ran", e);
        }
    }

    /** VmHWM of a running process, or 0 once it has gone (the last sample then stands). */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(
                            line.substring("VmHWM:".length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException gone) {
            return 0;
        }
        return 0;
    }
}
