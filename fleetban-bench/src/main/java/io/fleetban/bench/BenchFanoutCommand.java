package io.fleetban.bench;

import io.fleetban.client.CommandPublisher;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleetban bench fanout}: one coordinator's decisions reaching many enforcer hosts. */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        description = {
            "Measures how bans fan out to a fleet of --hosts enforcers, on a real broker and the real coordinator.",
            "",
            "Method:",
            " 1. A fresh `fleetban broker` (single KRaft node) and `fleetban coordinator` start in child JVMs on free",
            "    loopback ports; the fleetban topics have --partitions partitions; jail `bench` (bantime 10m).",
            " 2. --hosts simulated enforcer hosts start in this JVM, --start-parallelism at a time. Each is the",
            "    production enforcer (EnforcerApp: its own fleetban.conf, Kafka consumer and connection, guard, ledger",
            "    and decision thread, default settings but [enforcer] fetch.max.wait = --fetch-max-wait) on a counting",
            "    firewall backend that runs no process and notes the wall-clock time each commit added an address.",
            "    Memory per host: this JVM's heap after a full GC, and its RSS, before and after, divided by --hosts.",
            " 3. Steady: --bans bans at --rate per second, each a `fleetban client banip` command (bantime 1 h) to",
            "    the coordinator. A ban's latency runs from the coordinator's decision (the ban's bannedAt, read",
            "    read_committed from the bans topic) to the moment the LAST of the hosts' backends applied it.",
            " 4. Idle: for --idle-seconds with no decisions, the fetch requests all hosts sent (each consumer's",
            "    fetch-total metric) per second, and the broker JVM's CPU (/proc/<pid>/stat): what idle hosts cost.",
            " 5. Burst: --burst bans sent at once; the time from the first command to every host holding all of",
            "    them, and each ban's decision-to-last-host latency.",
            " 6. Restart storm: every host stops; --storm-active more bans are made; then --storm-hosts hosts start",
            "    all at once, each rebuilding from active-bans and following the decision topics; the time until",
            "    every one holds the exact set of active bans, the broker's CPU over it, and heap per host.",
            "Percentiles by nearest rank over bans. The machine's load average is printed at start and end: on a",
            "shared machine compare figures within one run.",
            "Last line: fanout: N hosts, ban to last host p50 X ms p99 Y ms, idle broker load Z fetches/s"
        })
public final class BenchFanoutCommand implements Callable<Integer> {

    private static final String JAIL = OffensePreload.JAIL;
    private static final long BANTIME_SECONDS = 3600;
    private static final int COMMAND_CHUNK = 1000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final double MIB = 1024.0 * 1024.0;

    @Option(
            names = "--hosts",
            defaultValue = "1000",
            description = "Simulated enforcer hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the fleetban topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--rate", defaultValue = "5", description = "Steady bans per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--bans", defaultValue = "100", description = "Steady bans (default: ${DEFAULT-VALUE}).")
    int bans;

    @Option(
            names = "--burst",
            defaultValue = "10000",
            description = "Bans sent at once; 0 skips the burst (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(
            names = "--storm-active",
            defaultValue = "100000",
            description = "Bans made before the restart storm; 0 skips the storm (default: ${DEFAULT-VALUE}).")
    int stormActive;

    @Option(
            names = "--storm-hosts",
            defaultValue = "100",
            description = "Hosts restarted at once in the storm, each holding every active ban in memory, at most"
                    + " --hosts (default: ${DEFAULT-VALUE}).")
    int stormHosts;

    @Option(
            names = "--fetch-max-wait",
            defaultValue = EnforcerConfig.DEFAULT_FETCH_MAX_WAIT,
            description =
                    "[enforcer] fetch.max.wait of every host (default: ${DEFAULT-VALUE}, the enforcer's default).")
    String fetchMaxWait;

    @Option(
            names = "--idle-seconds",
            defaultValue = "10",
            description = "Length of the idle window (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(
            names = "--start-parallelism",
            defaultValue = "32",
            description = "Hosts starting at the same time at the first start (default: ${DEFAULT-VALUE}).")
    int startParallelism;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Seconds each phase may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Keep the work directory (broker data, state, logs).")
    boolean keep;

    @Spec
    CommandSpec spec;

    private int nextAddress;

    @Override
    public Integer call() throws Exception {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final Path workDir = Files.createTempDirectory("fleetban-bench-fanout-");
        out.printf(
                Locale.ROOT,
                "fleetban bench fanout: %,d hosts, %d partition(s), fetch.max.wait %s; work dir %s%n",
                hosts,
                partitions,
                fetchMaxWait,
                workDir);
        out.println("load average at start: " + LoadAverage.read());
        out.flush();
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            final KafkaSettings kafka = broker.kafkaSettings(partitions);
            final Topics topics = Topics.create(kafka);
            broker.readyWithTopics(kafka, topics).close();
            final Path conf = BenchCoordinatorFiles.write(workDir, kafka.bootstrapServers(), partitions, 1, Map.of());
            try (ChildJvm coordinator = ChildJvm.start(
                            "coordinator",
                            List.of("-Xmx512m"),
                            List.of("coordinator", "-c", conf.toString()),
                            workDir.resolve("coordinator.log"));
                    CommandPublisher publisher = new CommandPublisher(kafka, "bench-fanout", Clock.systemUTC());
                    BanDecisionClock decisions = new BanDecisionClock(kafka, topics.bans())) {
                final Result result = run(out, workDir, conf, broker, coordinator, publisher, decisions);
                out.println("load average at end: " + LoadAverage.read());
                out.printf(
                        Locale.ROOT,
                        "fanout: %d hosts, ban to last host p50 %.0f ms p99 %.0f ms, idle broker load"
                                + " %.0f fetches/s%n",
                        hosts,
                        result.p50(),
                        result.p99(),
                        result.idleFetchesPerSecond());
            }
        } finally {
            if (!keep) {
                WorkDir.delete(workDir);
            }
        }
        return 0;
    }

    private record Result(double p50, double p99, double idleFetchesPerSecond) {}

    private Result run(
            PrintWriter out,
            Path workDir,
            Path conf,
            BenchBroker broker,
            ChildJvm coordinator,
            CommandPublisher publisher,
            BanDecisionClock decisions)
            throws Exception {
        final String warmUp = nextAddress();
        publisher.ban(JAIL, List.of(warmUp), Optional.of(BANTIME_SECONDS), Optional.of("bench warm-up"));
        FanoutMeasures.await("the coordinator's first ban", READY_TIMEOUT, () -> {
            coordinator.requireAlive();
            return decisions.decidedMillis(warmUp).isPresent();
        });
        out.printf(Locale.ROOT, "coordinator ready (pid %d, log %s)%n", coordinator.pid(), coordinator.log());
        int active = 1;
        final List<String> hostConf = hostConf(conf);
        final FanoutTally tally = new FanoutTally();
        final long heapBefore = FanoutMeasures.heapAfterGc();
        final long rssBefore = FanoutMeasures.rssBytes();
        long start = System.nanoTime();
        double[] steady;
        double idleRate;
        try (FanoutFleet fleet = FanoutFleet.start(workDir, hostConf, hosts, startParallelism, tally)) {
            out.printf(
                    Locale.ROOT,
                    "%,d hosts started in %.1f s (%d at a time); heap %.2f MiB and RSS %.2f MiB per" + " host%n",
                    fleet.size(),
                    FanoutMeasures.seconds(start),
                    startParallelism,
                    (FanoutMeasures.heapAfterGc() - heapBefore) / MIB / hosts,
                    (FanoutMeasures.rssBytes() - rssBefore) / MIB / hosts);
            out.flush();
            steady = steady(out, publisher, decisions, tally);
            idleRate = idle(out, fleet, broker);
            if (burst > 0) {
                burst(out, publisher, decisions, tally);
            }
            active += bans + burst;
        }
        if (stormActive > 0) {
            storm(out, workDir, hostConf, broker, publisher, decisions, active + stormActive);
        }
        return new Result(BanLatencyProbe.quantile(steady, 0.50), BanLatencyProbe.quantile(steady, 0.99), idleRate);
    }

    /** --bans bans at --rate; each one's decision-to-last-host latency in ms, sorted. */
    private double[] steady(PrintWriter out, CommandPublisher publisher, BanDecisionClock decisions, FanoutTally tally)
            throws InterruptedException {
        final List<String> ips = new ArrayList<>();
        final long interval = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (int i = 0; i < bans; i++) {
            final String ip = nextAddress();
            tally.track(ip);
            ips.add(ip);
            LockSupport.parkNanos(next - System.nanoTime());
            publisher.ban(JAIL, List.of(ip), Optional.of(BANTIME_SECONDS), Optional.of("bench steady"));
            next += interval;
        }
        final double[] latencies = awaitEverywhere("steady bans", ips, decisions, tally);
        out.printf(
                Locale.ROOT,
                "steady, %d bans at %.1f/s: decision to last of %,d hosts p50 %.1f ms p99 %.1f ms"
                        + " max %.1f ms; load %s%n",
                bans,
                rate,
                hosts,
                BanLatencyProbe.quantile(latencies, 0.50),
                BanLatencyProbe.quantile(latencies, 0.99),
                latencies[latencies.length - 1],
                LoadAverage.read());
        out.flush();
        return latencies;
    }

    /** Fetch requests per second of all idle hosts, and the broker's CPU meanwhile. */
    private double idle(PrintWriter out, FanoutFleet fleet, BenchBroker broker) throws InterruptedException {
        final double fetchesBefore = fleet.fetchRequests();
        final long cpuBefore = broker.cpuNanos();
        final long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(idleSeconds);
        final double elapsed = FanoutMeasures.seconds(start);
        final double fetches = (fleet.fetchRequests() - fetchesBefore) / elapsed;
        out.printf(
                Locale.ROOT,
                "idle, %d s: %,.0f fetch requests/s from %,d hosts (%.2f per host), broker %.2f" + " cores%n",
                idleSeconds,
                fetches,
                hosts,
                fetches / hosts,
                (broker.cpuNanos() - cpuBefore) / 1e9 / elapsed);
        out.flush();
        return fetches;
    }

    private void burst(PrintWriter out, CommandPublisher publisher, BanDecisionClock decisions, FanoutTally tally)
            throws InterruptedException {
        tally.clear();
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            final String ip = nextAddress();
            tally.track(ip);
            ips.add(ip);
        }
        final long start = System.nanoTime();
        sendBans(publisher, ips, "bench burst");
        final double[] latencies = awaitEverywhere("burst", ips, decisions, tally);
        final long[] decided = ips.stream()
                .mapToLong(ip -> decisions.decidedMillis(ip).orElseThrow())
                .sorted()
                .toArray();
        // How fast the coordinator decided them: a burst is paced by its exactly-once commits, not by the fleet.
        final double decidedSeconds = Math.max(1, decided[decided.length - 1] - decided[0]) / 1000.0;
        out.printf(
                Locale.ROOT,
                "burst of %,d bans: on all %,d hosts %.2f s after the first command; the coordinator"
                        + " decided them in %.1f s (%,.0f bans/s); decision to last host p50 %.0f ms p99 %.0f ms; load %s%n",
                burst,
                hosts,
                FanoutMeasures.seconds(start),
                decidedSeconds,
                burst / decidedSeconds,
                BanLatencyProbe.quantile(latencies, 0.50),
                BanLatencyProbe.quantile(latencies, 0.99),
                LoadAverage.read());
        out.flush();
    }

    private void storm(
            PrintWriter out,
            Path workDir,
            List<String> hostConf,
            BenchBroker broker,
            CommandPublisher publisher,
            BanDecisionClock decisions,
            int expected)
            throws Exception {
        final List<String> ips = new ArrayList<>();
        for (int i = 0; i < stormActive; i++) {
            ips.add(nextAddress());
        }
        sendBans(publisher, ips, "bench storm");
        final String last = ips.get(ips.size() - 1);
        FanoutMeasures.await(
                "the storm's bans",
                Duration.ofSeconds(timeoutSeconds),
                () -> ips.stream().allMatch(ip -> decisions.decidedMillis(ip).isPresent()));
        out.printf(Locale.ROOT, "restart storm: %,d active bans decided (last %s)%n", expected, last);
        out.flush();
        final int storming = Math.min(stormHosts, hosts);
        final long heapBefore = FanoutMeasures.heapAfterGc();
        final long cpuBefore = broker.cpuNanos();
        final long start = System.nanoTime();
        try (FanoutFleet fleet = FanoutFleet.start(workDir, hostConf, storming, storming, new FanoutTally())) {
            FanoutMeasures.await(
                    "every host holding the exact ban set",
                    Duration.ofSeconds(timeoutSeconds),
                    () -> fleet.holding(expected) == storming);
            final double elapsed = FanoutMeasures.seconds(start);
            out.printf(
                    Locale.ROOT,
                    "restart storm, %,d hosts at once: every host holds the exact %,d bans after"
                            + " %.1f s; broker %.2f cores meanwhile; heap %.1f MiB per host; load %s%n",
                    storming,
                    expected,
                    elapsed,
                    (broker.cpuNanos() - cpuBefore) / 1e9 / elapsed,
                    (FanoutMeasures.heapAfterGc() - heapBefore) / MIB / storming,
                    LoadAverage.read());
            out.flush();
        }
    }

    private static void sendBans(CommandPublisher publisher, List<String> ips, String reason) {
        for (int from = 0; from < ips.size(); from += COMMAND_CHUNK) {
            publisher.ban(
                    JAIL,
                    ips.subList(from, Math.min(ips.size(), from + COMMAND_CHUNK)),
                    Optional.of(BANTIME_SECONDS),
                    Optional.of(reason));
        }
    }

    /** Waits until every host applied every one of {@code ips}; their decision-to-last-host latencies, sorted. */
    private double[] awaitEverywhere(String what, List<String> ips, BanDecisionClock decisions, FanoutTally tally)
            throws InterruptedException {
        try {
            FanoutMeasures.await(
                    what + " on every host",
                    Duration.ofSeconds(timeoutSeconds),
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

    /** The bench's fleetban.conf with an [enforcer] section for counting hosts; host.id is added per host. */
    private List<String> hostConf(Path coordinatorConf) throws IOException {
        final List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(coordinatorConf)) {
            if (line.equals("[coordinator]")) {
                break;
            }
            lines.add(line);
        }
        lines.add("[enforcer]");
        lines.add("backend = dry-run");
        lines.add("fetch.max.wait = " + fetchMaxWait);
        return lines;
    }

    private String nextAddress() {
        return BenchAddresses.latencyTry(nextAddress++);
    }

    private void validate() {
        if (hosts < 1
                || partitions < 1
                || rate <= 0
                || bans < 1
                || burst < 0
                || stormActive < 0
                || stormHosts < 1
                || idleSeconds < 1
                || startParallelism < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--hosts, --partitions, --rate, --bans, --storm-hosts,"
                            + " --idle-seconds and --start-parallelism must be positive; --burst and --storm-active at least 0");
        }
        if (1 + bans + burst + stormActive > BenchAddresses.MAX_TRIES) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--bans + --burst + --storm-active must fit in" + " 198.18.0.0/15 (" + BenchAddresses.MAX_TRIES
                            + " addresses)");
        }
    }
}
