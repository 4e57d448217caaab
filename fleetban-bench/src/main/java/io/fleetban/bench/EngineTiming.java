package io.fleetban.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fleetban.cli.regex.LogLines;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Times fleetban's engine the way {@code fleetban regex} uses it: read the file (UTF-8, split at {@code \n}), match
 * every line with one {@link JailFilter}, count the outcomes; one thread. A first full pass warms the JIT up and is
 * not counted; each timed pass compiles a fresh filter (so no date or multi-line state carries over) and the median
 * of the timed passes is reported, by wall time and by process CPU time (the machine may be shared: CPU time is what
 * one core spends, whatever else runs).
 */
final class EngineTiming {

    /** One timed pass. */
    record Pass(long lines, long matched, long ignored, long nanos, long cpuNanos) {
        double linesPerSecond() {
            return lines / (nanos / 1e9);
        }

        double linesPerCpuSecond() {
            return lines / (cpuNanos / 1e9);
        }
    }

    /** Median pass and all passes. */
    record Result(Pass median, Pass[] passes) {}

    /** Whole-process CPU time (GC and JIT threads included), comparable to fail2ban-regex's process CPU time. */
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private EngineTiming() {}

    static Result time(FilterDefinition def, Path log, int timedPasses) {
        pass(def, log); // warm-up, not counted
        final Pass[] passes = new Pass[timedPasses];
        for (int i = 0; i < timedPasses; i++) {
            passes[i] = pass(def, log);
        }
        final Pass[] sorted = passes.clone();
        Arrays.sort(sorted, (a, b) -> Long.compare(a.nanos(), b.nanos()));
        return new Result(sorted[sorted.length / 2], passes);
    }

    private static Pass pass(FilterDefinition def, Path log) {
        final JailFilter filter = JailFilter.compile(def, FilterClock.system(ZoneOffset.UTC));
        final long[] counts = new long[2];
        final long cpuStart = PROCESS.getProcessCpuTime();
        final long start = System.nanoTime();
        final long lines = LogLines.forEach(log, (number, line) -> {
            final MatchResult result = filter.match(line);
            if (result instanceof MatchResult.Failure) {
                counts[0]++;
            } else if (result instanceof MatchResult.Ignored
                    || result instanceof MatchResult.Missed miss
                            && miss.reason().equals(MatchResult.Missed.NO_FAILURE)) {
                counts[1]++; // counted as fail2ban-regex counts "ignored": ignoreregex or <F-NOFAIL>
            }
        });
        final long nanos = System.nanoTime() - start;
        return new Pass(lines, counts[0], counts[1], nanos, PROCESS.getProcessCpuTime() - cpuStart);
    }
}
