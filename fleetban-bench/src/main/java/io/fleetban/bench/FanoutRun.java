package io.fleetban.bench;

import io.fleetban.client.CommandPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The phases of one {@code bench fanout} run, on a broker and a coordinator already started: the fleet's start,
 * steady bans, idle, a burst, and the restart storm, each printing one line with the CPU it took.
 */
final class FanoutRun {

    /** What the command line asked for. */
    record Plan(
            int hosts,
            double rate,
            int bans,
            int burst,
            int stormActive,
            int stormHosts,
            int idleSeconds,
            int startParallelism,
            Duration timeout) {}

    /** The last line's figures: steady latencies, and the idle fetch rate. */
    record Result(double p50, double p99, double idleFetchesPerSecond) {}

    private static final String JAIL = OffensePreload.JAIL;
    private static final long BANTIME_SECONDS = 3600;
    private static final int COMMAND_CHUNK = 1000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final double MIB = 1024.0 * 1024.0;

    private final Plan plan;
    private final PrintWriter out;
    private final Path workDir;
    private final List<String> hostConf;
    private final BenchBroker broker;
    private final ChildJvm coordinator;
    private final CommandPublisher publisher;
    private final BanDecisionClock decisions;
    private int nextAddress;

    FanoutRun(
            Plan plan,
            PrintWriter out,
            Path workDir,
            List<String> hostConf,
            BenchBroker broker,
            ChildJvm coordinator,
            CommandPublisher publisher,
            BanDecisionClock decisions) {
        this.plan = plan;
        this.out = out;
        this.workDir = workDir;
        this.hostConf = List.copyOf(hostConf);
        this.broker = broker;
        this.coordinator = coordinator;
        this.publisher = publisher;
        this.decisions = decisions;
    }

    Result run() throws Exception {
        final String warmUp = nextAddress();
        publisher.ban(JAIL, List.of(warmUp), Optional.of(BANTIME_SECONDS), Optional.of("bench warm-up"));
        FanoutMeasures.await("the coordinator's first ban", READY_TIMEOUT, () -> {
            coordinator.requireAlive();
            return decisions.decidedMillis(warmUp).isPresent();
        });
        out.printf(Locale.ROOT, "coordinator ready (pid %d, log %s)%n", coordinator.pid(), coordinator.log());
        int active = 1;
        final FanoutTally tally = new FanoutTally();
        final long heapBefore = FanoutMeasures.heapAfterGc();
        final long rssBefore = FanoutMeasures.rssBytes();
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        double[] steady;
        double idleRate;
        try (FanoutFleet fleet = FanoutFleet.start(workDir, hostConf, plan.hosts(), plan.startParallelism(), tally)) {
            out.printf(
                    Locale.ROOT,
                    "%,d hosts started in %.1f s (%d at a time); heap %.2f MiB and RSS %.2f MiB per host; %s%n",
                    fleet.size(),
                    FanoutMeasures.seconds(start),
                    plan.startParallelism(),
                    (FanoutMeasures.heapAfterGc() - heapBefore) / MIB / plan.hosts(),
                    (FanoutMeasures.rssBytes() - rssBefore) / MIB / plan.hosts(),
                    cpu.line());
            out.flush();
            steady = steady(tally);
            idleRate = idle(fleet);
            if (plan.burst() > 0) {
                burst(tally);
            }
            active += plan.bans() + plan.burst();
        }
        if (plan.stormActive() > 0) {
            storm(active + plan.stormActive());
        }
        return new Result(BanLatencyProbe.quantile(steady, 0.50), BanLatencyProbe.quantile(steady, 0.99), idleRate);
    }

    private FanoutCpu cpu() {
        return FanoutCpu.start(broker, coordinator);
    }

    /** --bans bans at --rate; each one's decision-to-last-host latency in ms, sorted. */
    private double[] steady(FanoutTally tally) throws InterruptedException {
        final List<String> ips = new ArrayList<>();
        final long interval = (long) (1e9 / plan.rate());
        final FanoutCpu cpu = cpu();
        long next = System.nanoTime();
        for (int i = 0; i < plan.bans(); i++) {
            final String ip = nextAddress();
            tally.track(ip);
            ips.add(ip);
            LockSupport.parkNanos(next - System.nanoTime());
            publisher.ban(JAIL, List.of(ip), Optional.of(BANTIME_SECONDS), Optional.of("bench steady"));
            next += interval;
        }
        final double[] latencies = awaitEverywhere("steady bans", ips, tally);
        out.printf(
                Locale.ROOT,
                "steady, %d bans at %.1f/s: decision to last of %,d hosts p50 %.1f ms p99 %.1f ms max %.1f ms; %s;"
                        + " load %s%n",
                plan.bans(),
                plan.rate(),
                plan.hosts(),
                BanLatencyProbe.quantile(latencies, 0.50),
                BanLatencyProbe.quantile(latencies, 0.99),
                latencies[latencies.length - 1],
                cpu.line(),
                LoadAverage.read());
        out.flush();
        return latencies;
    }

    /** Fetch requests per second of all idle hosts, and the CPU meanwhile. */
    private double idle(FanoutFleet fleet) throws InterruptedException {
        final double fetchesBefore = fleet.fetchRequests();
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        TimeUnit.SECONDS.sleep(plan.idleSeconds());
        // Read before the hosts' metrics are scraped: a thousand scrapes cost this JVM more than a second of idling.
        final String cpuLine = cpu.line();
        final double hostCores = cpu.hostsCores() / plan.hosts();
        final double fetches = (fleet.fetchRequests() - fetchesBefore) / FanoutMeasures.seconds(start);
        out.printf(
                Locale.ROOT,
                "idle, %d s: %,.0f fetch requests/s from %,d hosts (%.2f per host); %s (%.0f us of CPU per host per"
                        + " second); load %s%n",
                plan.idleSeconds(),
                fetches,
                plan.hosts(),
                fetches / plan.hosts(),
                cpuLine,
                hostCores * 1e6,
                LoadAverage.read());
        out.flush();
        return fetches;
    }

    private void burst(FanoutTally tally) throws InterruptedException {
        tally.clear();
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < plan.burst(); i++) {
            final String ip = nextAddress();
            tally.track(ip);
            ips.add(ip);
        }
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        sendBans(ips, "bench burst");
        final double[] latencies = awaitEverywhere("burst", ips, tally);
        final long[] decided = ips.stream()
                .mapToLong(ip -> decisions.decidedMillis(ip).orElseThrow())
                .sorted()
                .toArray();
        // How fast the coordinator decided them: a burst is paced by its exactly-once commits, not by the fleet.
        final double decidedSeconds = Math.max(1, decided[decided.length - 1] - decided[0]) / 1000.0;
        out.printf(
                Locale.ROOT,
                "burst of %,d bans: on all %,d hosts %.2f s after the first command; the coordinator decided them in"
                        + " %.1f s (%,.0f bans/s); decision to last host p50 %.0f ms p99 %.0f ms; %s; load %s%n",
                plan.burst(),
                plan.hosts(),
                FanoutMeasures.seconds(start),
                decidedSeconds,
                plan.burst() / decidedSeconds,
                BanLatencyProbe.quantile(latencies, 0.50),
                BanLatencyProbe.quantile(latencies, 0.99),
                cpu.line(),
                LoadAverage.read());
        out.flush();
    }

    private void storm(int expected) throws Exception {
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < plan.stormActive(); i++) {
            ips.add(nextAddress());
        }
        sendBans(ips, "bench storm");
        final String last = ips.get(ips.size() - 1);
        FanoutMeasures.await(
                "the storm's bans",
                plan.timeout(),
                () -> ips.stream().allMatch(ip -> decisions.decidedMillis(ip).isPresent()));
        out.printf(Locale.ROOT, "restart storm: %,d active bans decided (last %s)%n", expected, last);
        out.flush();
        final int storming = Math.min(plan.stormHosts(), plan.hosts());
        final long heapBefore = FanoutMeasures.heapAfterGc();
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        try (FanoutFleet fleet = FanoutFleet.start(workDir, hostConf, storming, storming, new FanoutTally())) {
            FanoutMeasures.await(
                    "every host holding the exact ban set", plan.timeout(), () -> fleet.holding(expected) == storming);
            final double elapsed = FanoutMeasures.seconds(start);
            final String cpuLine = cpu.line();
            out.printf(
                    Locale.ROOT,
                    "restart storm, %,d hosts at once: every host holds the exact %,d bans after %.1f s; %s; heap"
                            + " %.1f MiB per host; load %s%n",
                    storming,
                    expected,
                    elapsed,
                    cpuLine,
                    (FanoutMeasures.heapAfterGc() - heapBefore) / MIB / storming,
                    LoadAverage.read());
            out.flush();
        }
    }

    private void sendBans(List<String> ips, String reason) {
        for (int from = 0; from < ips.size(); from += COMMAND_CHUNK) {
            publisher.ban(
                    JAIL,
                    ips.subList(from, Math.min(ips.size(), from + COMMAND_CHUNK)),
                    Optional.of(BANTIME_SECONDS),
                    Optional.of(reason));
        }
    }

    /** Waits until every host applied every one of {@code ips}; their decision-to-last-host latencies, sorted. */
    private double[] awaitEverywhere(String what, List<String> ips, FanoutTally tally) throws InterruptedException {
        final int hosts = plan.hosts();
        try {
            FanoutMeasures.await(
                    what + " on every host",
                    plan.timeout(),
                    () -> ips.stream()
                            .allMatch(ip -> tally.track(ip).hosts() >= hosts
                                    && decisions.decidedMillis(ip).isPresent()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage() + ": "
                            + ips.stream()
                                    .filter(ip -> decisions.decidedMillis(ip).isPresent())
                                    .count() + " of " + ips.size()
                            + " decided, "
                            + ips.stream()
                                    .filter(ip -> tally.track(ip).hosts() >= hosts)
                                    .count()
                            + " on every host, fewest hosts for one ban "
                            + ips.stream()
                                    .mapToInt(ip -> tally.track(ip).hosts())
                                    .min()
                                    .orElse(0),
                    e);
        }
        return ips.stream()
                .mapToDouble(ip -> tally.track(ip).lastMillis()
                        - decisions.decidedMillis(ip).orElseThrow())
                .sorted()
                .toArray();
    }

    private String nextAddress() {
        return BenchAddresses.latencyTry(nextAddress++);
    }
}
