package io.fleetban.bench;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Scale-out under load: while offenses stream in and fresh IPs cross maxretry at a steady rate, one instance joins,
 * then the oldest is killed (SIGKILL). Each phase's crossings are timed to their readable ban; at the end the
 * committed bans log must hold exactly one ban per crossing IP.
 */
final class CoordinatorRebalance {

    private static final Duration BAN_WAIT = Duration.ofSeconds(90);
    /** After the last ban arrived: time for a late duplicate to show up in the committed log. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /**
     * Crossings this soon after the kill land on the dead instance's partitions until the group notices (its session
     * timeout) and a survivor takes them over: their worst latency is the take-over time.
     */
    private static final Duration TAKE_OVER_WINDOW = Duration.ofSeconds(10);

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Duration phase;

    CoordinatorRebalance(KafkaSettings kafka, Topics topics, Duration phase) {
        this.kafka = kafka;
        this.topics = topics;
        this.phase = phase;
    }

    /** Whether no ban was lost and none duplicated. */
    boolean run(
            PrintWriter out,
            CoordinatorInstances instances,
            int loadRate,
            int firstSteadyIndex,
            int crossingRate,
            int firstTry)
            throws Exception {
        final long start;
        final long added;
        final long killed;
        final List<CrossingStream.Crossing> crossings;
        try (CrossingStream stream = CrossingStream.start(
                kafka, topics.offenses(), topics.bans(), crossingRate, firstTry, BenchCoordinatorFiles.MAX_RETRY)) {
            final SteadyOffenses steady =
                    loadRate > 0 ? SteadyOffenses.start(kafka, topics.offenses(), loadRate, firstSteadyIndex) : null;
            try {
                start = System.nanoTime();
                sleep(phase);
                added = System.nanoTime();
                final ChildJvm joined = instances.add();
                out.printf(
                        Locale.ROOT,
                        "rebalance: instance joined (pid %d) at %.1f s; %d running%n",
                        joined.pid(),
                        (added - start) / 1e9,
                        instances.size());
                out.flush();
                sleep(phase);
                killed = System.nanoTime();
                final ChildJvm victim = instances.killOldest();
                out.printf(
                        Locale.ROOT,
                        "rebalance: oldest instance (pid %d) killed at %.1f s; %d running%n",
                        victim.pid(),
                        (killed - start) / 1e9,
                        instances.size());
                out.flush();
                sleep(phase);
                stream.stopSending();
            } finally {
                if (steady != null) {
                    steady.close();
                }
            }
            stream.awaitBans(BAN_WAIT);
            sleep(SETTLE);
            crossings = stream.awaitBans(Duration.ZERO);
        }
        print(out, "before the join", crossings, start, added);
        print(out, "join to kill", crossings, added, killed);
        print(out, "after the kill", crossings, killed, Long.MAX_VALUE);
        final Duration window = TAKE_OVER_WINDOW.compareTo(phase) < 0 ? TAKE_OVER_WINDOW : phase;
        print(
                out,
                String.format(Locale.ROOT, "take-over (crossings in the %d s after the kill)", window.toSeconds()),
                crossings,
                killed,
                killed + window.toNanos());
        final long lost = crossings.stream().filter(c -> c.bans() == 0).count();
        final long duplicated = crossings.stream().filter(c -> c.bans() > 1).count();
        out.printf(
                Locale.ROOT,
                "rebalance: %,d crossing IPs; committed bans log: %d lost, %d duplicated; load %s%n",
                crossings.size(),
                lost,
                duplicated,
                LoadAverage.read());
        out.flush();
        return lost == 0 && duplicated == 0;
    }

    private static void print(
            PrintWriter out, String label, List<CrossingStream.Crossing> crossings, long from, long to) {
        final double[] latencies = crossings.stream()
                .filter(c -> c.sentNanos() >= from && c.sentNanos() < to && c.bans() > 0)
                .mapToDouble(CrossingStream.Crossing::latencyMillis)
                .sorted()
                .toArray();
        if (latencies.length == 0) {
            out.printf(Locale.ROOT, "rebalance, %s: no ban%n", label);
            return;
        }
        out.printf(
                Locale.ROOT,
                "rebalance, %s: %d bans, crossing offense to readable ban p50 %.0f ms p99 %.0f ms" + " max %.0f ms%n",
                label,
                latencies.length,
                BanLatencyProbe.quantile(latencies, 0.50),
                BanLatencyProbe.quantile(latencies, 0.99),
                latencies[latencies.length - 1]);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }
}
