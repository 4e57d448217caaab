package io.fleetban.bench;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/** One run of {@code fleetban bench latency} (the method is in {@link BenchLatencyCommand}'s help). */
final class BenchLatencyRun {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration READY_TRY = Duration.ofSeconds(5);
    private static final Duration COLLECT_EVERY = Duration.ofMillis(200);
    private static final int OBSERVER_FETCH_MAX_WAIT_MS = 10;

    private final BenchLatencyPlan plan;
    private final boolean keep;
    private final PrintWriter out;
    private final BenchLatencyAttacker attacker;
    /** Per IP, per host: the enforcer's applied report. */
    private final Map<String, Map<String, AppliedLine>> applied = new HashMap<>();

    private int nextAddress;

    BenchLatencyRun(BenchLatencyPlan plan, boolean keep, PrintWriter out) {
        this.plan = plan;
        this.keep = keep;
        this.out = out;
        this.attacker = new BenchLatencyAttacker(
                BenchCoordinatorFiles.MAX_RETRY, plan.lineGap().toNanos());
    }

    int run() throws Exception {
        Path workDir = Files.createTempDirectory("fleetban-bench-latency-");
        out.printf(
                Locale.ROOT,
                "fleetban bench latency: %d host(s), backend %s, %d bans (+%d warm-up) at %.1f/s,"
                        + " %d partition(s); work dir %s%n",
                plan.hosts(),
                plan.backend(),
                plan.bans(),
                plan.warmup(),
                plan.rate(),
                plan.partitions(),
                workDir);
        out.printf(
                "settings: coordinator %s, shipper %s, enforcer %s%n",
                plan.coordinatorSettings(), plan.shipperSettings(), plan.enforcerSettings());
        out.println("load average at start: " + LoadAverage.read());
        out.flush();
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            KafkaSettings kafka = broker.kafkaSettings(plan.partitions());
            Topics topics = Topics.create(kafka);
            broker.readyWithTopics(kafka, topics).close();
            try (BenchLatencyFleet fleet = BenchLatencyFleet.start(plan, workDir, broker.bootstrapServers());
                    BenchLatencyObserver observer =
                            new BenchLatencyObserver(kafka, topics, OBSERVER_FETCH_MAX_WAIT_MS)) {
                return measure(fleet, observer, broker);
            }
        } finally {
            if (!keep) {
                WorkDir.delete(workDir);
            }
        }
    }

    private int measure(BenchLatencyFleet fleet, BenchLatencyObserver observer, BenchBroker broker) {
        awaitReady(fleet);
        collectUntilApplied(fleet, runAttacks(fleet, plan.warmup()).keySet(), plan.drainTimeout());
        BenchLatencyCpu cpu = BenchLatencyCpu.start(fleet, broker);
        Map<String, Instant> appended = runAttacks(fleet, plan.bans());
        boolean complete = collectUntilApplied(fleet, appended.keySet(), plan.drainTimeout());
        out.println(cpu.stop());
        BenchLatencyStats stats = new BenchLatencyStats();
        int incomplete = 0;
        for (Map.Entry<String, Instant> attack : appended.entrySet()) {
            BenchLatencyTimeline timeline = timeline(attack.getKey(), attack.getValue(), observer);
            timeline.addTo(stats, plan.hosts());
            incomplete += timeline.complete(plan.hosts()) ? 0 : 1;
        }
        print(stats, incomplete, complete);
        BenchLatencyStats.Summary total = stats.summary(BenchLatencyTimeline.Stage.LINE_TO_LAST_APPLIED);
        out.printf(
                Locale.ROOT,
                "latency: line to rule on every host p50 %.0f ms p99 %.0f ms (hosts=%d)%n",
                total.p50(),
                total.p99(),
                plan.hosts());
        out.flush();
        return incomplete == 0 ? 0 : 1;
    }

    /** Sends attackers until one is banned on every host: every process is up and the pipeline flows. */
    private void awaitReady(BenchLatencyFleet fleet) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long start = System.nanoTime();
        for (int attempt = 0; attempt < BenchLatencyCommand.READY_TRIES; attempt++) {
            fleet.requireAlive();
            String ip = BenchAddresses.latencyTry(nextAddress++);
            attacker.attack(fleet.hosts().get(0).log(), ip);
            if (collectUntilApplied(fleet, List.of(ip), READY_TRY)) {
                out.printf(
                        Locale.ROOT,
                        "fleet ready after %.1f s (%d attacker(s)); load %s%n",
                        (System.nanoTime() - start) / 1e9,
                        attempt + 1,
                        LoadAverage.read());
                out.flush();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IllegalStateException("no attacker was banned on every host within " + READY_TIMEOUT
                + "; see the logs in the work directory (--keep keeps them)");
    }

    /** Starts {@code count} attackers on h1, {@code 1/rate} apart; returns each IP's crossing-line instant. */
    private Map<String, Instant> runAttacks(BenchLatencyFleet fleet, int count) {
        Map<String, Instant> appended = new LinkedHashMap<>();
        Path log = fleet.hosts().get(0).log();
        long interval = plan.interval().toNanos();
        long next = System.nanoTime();
        long nextCollect = next + COLLECT_EVERY.toNanos();
        for (int i = 0; i < count; i++) {
            String ip = BenchAddresses.latencyTry(nextAddress++);
            appended.put(ip, attacker.attack(log, ip));
            next += interval;
            if (System.nanoTime() > nextCollect) {
                // Read the enforcers' logs between attackers so this JVM does the work spread out, not at the end.
                collect(fleet);
                fleet.requireAlive();
                nextCollect = System.nanoTime() + COLLECT_EVERY.toNanos();
            }
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        return appended;
    }

    /** Reads applied reports until each of {@code ips} is applied on every host; false at the timeout. */
    private boolean collectUntilApplied(BenchLatencyFleet fleet, Iterable<String> ips, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            collect(fleet);
            boolean all = true;
            for (String ip : ips) {
                all &= applied.getOrDefault(ip, Map.of()).size() == plan.hosts();
            }
            if (all || System.nanoTime() > deadline) {
                return all;
            }
            LockSupport.parkNanos(COLLECT_EVERY.toNanos());
        }
    }

    private void collect(BenchLatencyFleet fleet) {
        fleet.newlyApplied()
                .forEach((host, reports) ->
                        reports.forEach(report -> applied.computeIfAbsent(report.ip(), ip -> new HashMap<>())
                                .putIfAbsent(host, report)));
    }

    private BenchLatencyTimeline timeline(String ip, Instant appended, BenchLatencyObserver observer) {
        Optional<BenchLatencyObserver.Seen> offense = observer.crossingOffense(ip);
        Optional<BenchLatencyObserver.Seen> ban = observer.ban(ip);
        Map<String, Instant> polled = new HashMap<>();
        Map<String, Instant> appliedAt = new HashMap<>();
        applied.getOrDefault(ip, Map.of()).forEach((host, report) -> {
            polled.put(host, report.polledAt());
            appliedAt.put(host, report.appliedAt());
        });
        return new BenchLatencyTimeline(
                ip,
                appended,
                offense.map(BenchLatencyObserver.Seen::created),
                offense.map(BenchLatencyObserver.Seen::readable),
                ban.map(BenchLatencyObserver.Seen::created),
                ban.map(BenchLatencyObserver.Seen::readable),
                polled,
                appliedAt);
    }

    private void print(BenchLatencyStats stats, int incomplete, boolean complete) {
        out.println(BenchLatencyStats.HEADER);
        List<String> rows = new ArrayList<>();
        stats.summaries().forEach(summary -> rows.add(summary.row()));
        rows.forEach(out::println);
        if (!complete) {
            out.printf(
                    "%d of %d bans were not applied on every host within %d s of the last attack%n",
                    incomplete, plan.bans(), plan.drainTimeout().toSeconds());
        }
        out.println("load average at end: " + LoadAverage.read());
    }
}
