package io.fleetban.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How far a phase's bans got, whether or not they all arrived: how many the coordinator decided and at what rate,
 * how many reached every host, and the decision-to-last-host latencies of those that did. A phase that ran out of
 * time reports this instead of ending the run.
 *
 * @param sent        bans the phase sent
 * @param decided     of them, decided by the coordinator (read from the bans topic)
 * @param everywhere  of them, applied by every host
 * @param fewestHosts the fewest hosts any one of them reached
 * @param decidedPerSecond the coordinator's rate over them: decided bans over the time from the first decision to
 *     the last (0 with fewer than two)
 * @param latencies   decision to last host in ms of the bans that reached every host, sorted
 */
record FanoutProgress(
        int sent, int decided, int everywhere, int fewestHosts, double decidedPerSecond, double[] latencies) {

    /** Where {@code ips} stand now on {@code hosts} hosts; {@code decided} gives each one's decision time, if any. */
    static FanoutProgress of(List<String> ips, int hosts, FanoutTally tally, Function<String, Optional<Long>> decided) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int decidedCount = 0;
        int fewest = Integer.MAX_VALUE;
        final double[] latencies = new double[ips.size()];
        int everywhere = 0;
        for (String ip : ips) {
            final FanoutTally.Arrivals arrivals = tally.track(ip);
            fewest = Math.min(fewest, arrivals.hosts());
            final Long decidedAt = decided.apply(ip).orElse(null);
            if (decidedAt == null) {
                continue;
            }
            decidedCount++;
            first = Math.min(first, decidedAt);
            last = Math.max(last, decidedAt);
            if (arrivals.hosts() >= hosts) {
                latencies[everywhere++] = arrivals.lastMillis() - decidedAt;
            }
        }
        final double[] reached = Arrays.copyOf(latencies, everywhere);
        Arrays.sort(reached);
        final double rate = decidedCount < 2 ? 0 : decidedCount / (Math.max(1, last - first) / 1000.0);
        return new FanoutProgress(ips.size(), decidedCount, everywhere, ips.isEmpty() ? 0 : fewest, rate, reached);
    }

    boolean complete() {
        return everywhere == sent;
    }

    double quantile(double q) {
        return latencies.length == 0 ? Double.NaN : BanLatencyProbe.quantile(latencies, q);
    }

    /** What an incomplete phase reached, for its line. */
    String reached() {
        return String.format(
                Locale.ROOT,
                "%,d of %,d decided, %,d on every host, fewest hosts for one ban %,d",
                decided,
                sent,
                everywhere,
                fewestHosts);
    }
}
