package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole {@code fleetban regex LOG FILTER} command through the launcher, as an operator does (JVM start, filter
 * compilation, reading the file, the summary), and measures that process: elapsed time, CPU time (user + system,
 * sampled every 100 ms while it runs, as for fail2ban-regex) and peak RSS (VmHWM, sampled likewise).
 */
final class RegexCommandRun {

    private static final long SAMPLE_MS = 100;

    /** What one run cost; its output is in {@code output}. */
    record Result(double wallSeconds, double cpuSeconds, long peakRssKb, Path output) {}

    private RegexCommandRun() {}

    static Result run(Path launcher, Path log, Path filter, Path output) {
        final ProcessBuilder builder = new ProcessBuilder(
                        List.of(launcher.toString(), "regex", log.toString(), filter.toString()))
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("FLEETBAN_SKIP_BUILD", "1");
        try {
            final long start = System.nanoTime();
            final Process process = builder.start();
            Duration cpu = Duration.ZERO;
            long peakKb = 0;
            while (!process.waitFor(SAMPLE_MS, TimeUnit.MILLISECONDS)) {
                cpu = process.info().totalCpuDuration().orElse(cpu);
                peakKb = Math.max(peakKb, peakRssKb(process.pid()));
            }
            final double wall = (System.nanoTime() - start) / 1e9;
            if (process.exitValue() != 0) {
                throw new IllegalStateException("fleetban regex exited " + process.exitValue() + "; see " + output);
            }
            return new Result(wall, cpu.toNanos() / 1e9, peakKb, output);
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
