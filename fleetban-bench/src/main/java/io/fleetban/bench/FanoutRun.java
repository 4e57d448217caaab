package io.fleetban.bench;

import io.fleetban.client.CommandPublisher;
import java.io.PrintWriter;
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
            int warmUpBans,
            int bans,
            int burst,
            int stormActive,
            int stormHosts,
            int idleSeconds,
            int startParallelism,
            Duration timeout) {}

    /**
     * The last line's figures: steady latencies, and the idle fetch rate; {@code incomplete} names the phases that
     * did not complete within --timeout.
     */
    record Result(double p50, double p99, double idleFetchesPerSecond, List<String> incomplete) {}

    private static final String JAIL = OffensePreload.JAIL;
    private static final long BANTIME_SECONDS = 3600;
    private static final int COMMAND_CHUNK = 1000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final double MIB = 1024.0 * 1024.0;
    /**
     * How long after the last host's start the phases begin. Each host's Micrometer binder looks at its consumer's
     * metrics again a minute after start and, as the first fetches added some, registers them all anew: a one-off
     * of some milliseconds per host that would otherwise fall, for every host at once, into the phases measured.
     */
    private static final Duration SETTLE = Duration.ofSeconds(65);

    private final Plan plan;
    private final PrintWriter out;
    private final BenchBroker broker;
    private final ChildJvm coordinator;
    private final FanoutShards fleet;
    private final CommandPublisher publisher;
    private final BanDecisionClock decisions;
    private int nextAddress;
    private final List<String> incomplete = new ArrayList<>();

    FanoutRun(
            Plan plan,
            PrintWriter out,
            BenchBroker broker,
            ChildJvm coordinator,
            FanoutShards fleet,
            CommandPublisher publisher,
            BanDecisionClock decisions) {
        this.plan = plan;
        this.out = out;
        this.broker = broker;
        this.coordinator = coordinator;
        this.fleet = fleet;
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
        final List<String> sent = new ArrayList<>(List.of(warmUp));
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        final FanoutProgress steady;
        final double idleRate;
        fleet.startHosts(plan.hosts(), plan.startParallelism());
        try {
            final double seconds = FanoutMeasures.seconds(start);
            final String cpuLine = cpu.line();
            final FanoutShards.Memory memory = fleet.memory();
            out.printf(
                    Locale.ROOT,
                    "%,d hosts started in %.1f s (%d at a time, in %s); heap %.2f MiB and RSS %.2f MiB per host;"
                            + " %s%n",
                    fleet.size(),
                    seconds,
                    plan.startParallelism(),
                    fleet.jvms() == 1 ? "one JVM" : fleet.jvms() + " JVMs",
                    memory.heapBytes() / MIB / plan.hosts(),
                    memory.rssBytes() / MIB / plan.hosts(),
                    cpuLine);
            settle(sent);
            steady = steady(sent);
            idleRate = idle();
            if (plan.burst() > 0) {
                burst(sent);
            }
        } finally {
            fleet.stopHosts();
        }
        if (plan.stormActive() > 0) {
            storm(sent);
        }
        return new Result(steady.quantile(0.50), steady.quantile(0.99), idleRate, List.copyOf(incomplete));
    }

    /**
     * Waits {@link #SETTLE} from now; meanwhile a warm-up of --warm-up-bans bans at --rate, not measured. A fleet's
     * broker and coordinator run for weeks, their ban path long compiled; fresh, their JIT compilers would still be
     * compiling it (C2, a good part of the two cores) through the steady phase.
     */
    private void settle(List<String> sent) throws InterruptedException {
        final long start = System.nanoTime();
        out.printf(
                Locale.ROOT,
                "settling %d s: the hosts' one-off start-up work (Micrometer binds each consumer's metrics again a"
                        + " minute after start) ends before the phases measured%s%n",
                SETTLE.toSeconds(),
                plan.warmUpBans() > 0 ? "; meanwhile a warm-up, not measured:" : "");
        out.flush();
        if (plan.warmUpBans() > 0) {
            final FanoutProgress warmUp = paced("warm-up", plan.warmUpBans(), sent);
            out.printf(
                    Locale.ROOT,
                    "warm-up, %d bans at %.1f/s: %sdecision to last of %,d hosts p50 %.1f ms p99 %.1f ms%n",
                    plan.warmUpBans(),
                    plan.rate(),
                    warmUp.complete() ? "" : incompleteHead(warmUp, sent.size()),
                    plan.hosts(),
                    warmUp.quantile(0.50),
                    warmUp.quantile(0.99));
            out.flush();
        }
        final long left = SETTLE.toNanos() - (System.nanoTime() - start);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private FanoutCpu cpu() {
        return FanoutCpu.start(broker, coordinator, fleet);
    }

    /** --bans bans at --rate; where they got (each one's decision-to-last-host latency). */
    private FanoutProgress steady(List<String> sent) throws InterruptedException {
        final FanoutCpu cpu = cpu();
        final FanoutProgress progress = paced("steady", plan.bans(), sent);
        out.printf(
                Locale.ROOT,
                "steady, %d bans at %.1f/s: %sdecision to last of %,d hosts p50 %.1f ms p99 %.1f ms max %.1f ms; %s;"
                        + " load %s%n",
                plan.bans(),
                plan.rate(),
                progress.complete() ? "" : incompleteHead(progress, sent.size()),
                plan.hosts(),
                progress.quantile(0.50),
                progress.quantile(0.99),
                progress.quantile(1.0),
                cpu.line(),
                LoadAverage.read());
        out.flush();
        return progress;
    }

    /** {@code bans} bans at --rate, then the wait until every host holds them (or --timeout). */
    private FanoutProgress paced(String phase, int bans, List<String> sent) throws InterruptedException {
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < bans; i++) {
            ips.add(nextAddress());
        }
        fleet.track(ips);
        final long interval = (long) (1e9 / plan.rate());
        long next = System.nanoTime();
        for (String ip : ips) {
            LockSupport.parkNanos(next - System.nanoTime());
            publisher.ban(JAIL, List.of(ip), Optional.of(BANTIME_SECONDS), Optional.of("bench " + phase));
            next += interval;
        }
        sent.addAll(ips);
        return awaitEverywhere(phase, ips);
    }

    /** Fetch requests per second of all idle hosts, and the CPU meanwhile. */
    private double idle() throws InterruptedException {
        final double fetchesBefore = fleet.fetchRequests();
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        TimeUnit.SECONDS.sleep(plan.idleSeconds());
        // Read before the hosts' metrics are scraped: a thousand scrapes cost their JVMs more than a second of idling.
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

    /**
     * --burst bans in a few commands at once. The coordinator decides them (its decision rate is printed: it paces
     * the burst), then every host applies them.
     */
    private void burst(List<String> sent) throws InterruptedException {
        fleet.clear();
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < plan.burst(); i++) {
            ips.add(nextAddress());
        }
        fleet.track(ips);
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        sendBans(ips, "bench burst");
        sent.addAll(ips);
        final FanoutProgress progress = awaitEverywhere("burst", ips);
        out.printf(
                Locale.ROOT,
                "burst of %,d bans: %s %.2f s after the first command; the coordinator decided %,d at %,.1f bans/s;"
                        + " decision to last host p50 %.0f ms p99 %.0f ms; %s; load %s%n",
                plan.burst(),
                progress.complete()
                        ? String.format(Locale.ROOT, "on all %,d hosts", plan.hosts())
                        : incompleteHead(progress, sent.size()) + "gave up",
                FanoutMeasures.seconds(start),
                progress.decided(),
                progress.decidedPerSecond(),
                progress.quantile(0.50),
                progress.quantile(0.99),
                cpu.line(),
                LoadAverage.read());
        out.flush();
    }

    /** Every ban sent so far, then --storm-active more, is active; restarted hosts must each hold all of them. */
    private void storm(List<String> sent) throws Exception {
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < plan.stormActive(); i++) {
            ips.add(nextAddress());
        }
        final long sending = System.nanoTime();
        sendBans(ips, "bench storm");
        sent.addAll(ips);
        final boolean decided = FanoutMeasures.within(
                plan.timeout(),
                () -> sent.stream().allMatch(ip -> decisions.decidedMillis(ip).isPresent()));
        if (!decided) {
            incomplete.add("storm");
            out.printf(
                    Locale.ROOT,
                    "restart storm: INCOMPLETE, %,d of %,d active bans decided after %.0f s (the storm's own at %,.1f"
                            + " bans/s); no restart%n",
                    sent.stream()
                            .filter(ip -> decisions.decidedMillis(ip).isPresent())
                            .count(),
                    sent.size(),
                    FanoutMeasures.seconds(sending),
                    FanoutProgress.of(ips, plan.hosts(), new FanoutTally(), decisions::decidedMillis)
                            .decidedPerSecond());
            out.flush();
            return;
        }
        final int expected = sent.size();
        out.printf(
                Locale.ROOT, "restart storm: %,d active bans decided (last %s)%n", expected, ips.get(ips.size() - 1));
        out.flush();
        final int storming = Math.min(plan.stormHosts(), plan.hosts());
        final long start = System.nanoTime();
        final FanoutCpu cpu = cpu();
        fleet.clear();
        fleet.startHosts(storming, storming);
        try {
            final boolean held = FanoutMeasures.within(plan.timeout(), () -> fleet.holding(expected) == storming);
            final double elapsed = FanoutMeasures.seconds(start);
            final String cpuLine = cpu.line();
            if (!held) {
                incomplete.add("storm");
            }
            out.printf(
                    Locale.ROOT,
                    "restart storm, %,d hosts at once: %s %,d bans after %.1f s; %s; heap %.1f MiB per host;"
                            + " load %s%n",
                    storming,
                    held
                            ? "every host holds the exact"
                            : String.format(
                                    Locale.ROOT,
                                    "INCOMPLETE, %,d of %,d hosts hold the exact",
                                    fleet.holding(expected),
                                    storming),
                    expected,
                    elapsed,
                    cpuLine,
                    fleet.memory().heapBytes() / MIB / storming,
                    LoadAverage.read());
            out.flush();
        } finally {
            fleet.stopHosts();
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

    /**
     * Waits until every host applied every one of {@code ips}, or --timeout; where they got. A phase that ran out
     * of time is noted as incomplete and the run goes on.
     */
    private FanoutProgress awaitEverywhere(String phase, List<String> ips) throws InterruptedException {
        final FanoutTally tally = fleet.tally();
        final int hosts = plan.hosts();
        FanoutMeasures.within(
                plan.timeout(),
                () -> ips.stream()
                        .allMatch(ip -> tally.track(ip).hosts() >= hosts
                                && decisions.decidedMillis(ip).isPresent()));
        final FanoutProgress progress = FanoutProgress.of(ips, hosts, tally, decisions::decidedMillis);
        if (!progress.complete()) {
            incomplete.add(phase);
        }
        return progress;
    }

    /** The start of an incomplete phase's line: what it reached when --timeout ran out. */
    private String incompleteHead(FanoutProgress progress, int activeBans) {
        return String.format(
                Locale.ROOT,
                "INCOMPLETE after %d s: %s, %,d of %,d hosts hold every ban; ",
                plan.timeout().toSeconds(),
                progress.reached(),
                fleet.holdingAtLeast(activeBans),
                plan.hosts());
    }

    private String nextAddress() {
        return BenchAddresses.latencyTry(nextAddress++);
    }
}
