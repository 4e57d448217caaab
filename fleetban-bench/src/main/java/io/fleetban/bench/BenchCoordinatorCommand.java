package io.fleetban.bench;

import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleetban bench coordinator}: the coordinator's sustained exactly-once rate, memory and ban latency. */
@Command(
        name = "coordinator",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the coordinator (Kafka Streams, exactly_once_v2) on a real broker, each in its own JVM.",
            "",
            "Method:",
            " 1. A fresh `fleetban broker` (single KRaft node) starts in a child JVM on free loopback ports, with its",
            "    data in a temporary work directory; the fleetban topics are created with --partitions partitions.",
            " 2. Preload (before any coordinator runs): --per-ip rounds over --ips distinct IPv4 addresses (an IP's",
            "    offenses are a whole round apart, so its state comes back from RocksDB), then every",
            "    --attacker-every-th IP offends up to maxretry and must be banned. Jail `bench`: maxretry 5,",
            "    findtime 10m, bantime 10m (fail2ban's defaults), offenses stamped now.",
            " 3. `fleetban coordinator` starts in a child JVM (--coordinator-jvm options, e.g. its -Xmx) on that",
            "    backlog, exactly as in production (fleetban.conf + jail.d), exactly-once, default commit settings.",
            "    Progress = its consumer group's committed offsets on the offenses topic (under exactly-once an offset",
            "    commits with its decisions), sampled every 250 ms. Sustained rate = offenses committed between the",
            "    samples at 50%% and 95%% of the backlog / time between them (start-up, JIT warm-up and the tail do",
            "    not count; the rate of each tenth of the backlog is printed too). CPU: user+system time of the",
            "    coordinator and broker JVMs (/proc/<pid>/stat) over the same window, so offenses per coordinator",
            "    CPU-second tells what the machine's other load hides.",
            "    That first drain runs on a cold JVM (the C2 compiler competes for the 2 cores for tens of seconds),",
            "    so unless --cold is given it is printed but not reported: once the coordinator has gone idle (below",
            "    0.15 cores an instance for a second: the JIT compiler done with what the drain queued; 2 minutes at most), the",
            "    same IPs' next --per-ip rounds are written while it runs warm, every IP in state, in one transaction: the",
            "    coordinator (read_committed) sees them from the commit on, all at once, so this second drain starts",
            "    on a whole backlog with the writer idle; it is measured the same way, from the commit, and reported.",
            " 4. When drained: the coordinator's peak RSS (VmHWM) and heap (jcmd GC.heap_info), its state on disk",
            "    (RocksDB + checkpoints) and its changelog topics' size on the broker.",
            " 5. Ban latency, idle coordinator: --tries times a fresh IP (never seen, so not already over the",
            "    threshold) gets 4 offenses, then the crossing 5th (acks=all, linger 0, as the shipper sends); the",
            "    clock runs from sending the 5th until a read_committed consumer of the bans topic (fetch.max.wait 5 ms)",
            "    holds that IP's ban. p50/p90/p99/max by nearest rank; also split at the ban's bannedAt (sent to decided).",
            " 6. Ban latency under load: the same with --tries other fresh IPs while --load-rate offenses a second",
            "    (each a new IP's first, never a ban) stream in from the bench as from a busy fleet, started 2 s before",
            "    the first try. Reported in the last line (the idle figures when --load-rate is 0).",
            " 7. --instances N runs N coordinators of one application id (each its own JVM, fleetban.conf and",
            "    state dir, as separate hosts would); CPU is their sum, footprint and RSS the first one's.",
            "    --rebalance then, under --rebalance-load-rate: fresh IPs cross maxretry at --crossing-rate a second; after",
            "    --rebalance-phase seconds one more instance joins, after another phase the oldest is killed (SIGKILL),",
            "    after a third the crossings stop. Each phase's crossing-to-readable-ban latency is printed, and a",
            "    read_committed reader of the bans topic, from before the first crossing, counts each IP's bans: the",
            "    bench fails unless every crossing IP has exactly one. Standby replicas through --coordinator-setting",
            "    num.standby.replicas=1. The crossings of the first 10 s after the kill land on the dead instance's",
            "    partitions until the group notices (its session.timeout) and a survivor takes over: their p99 and max",
            "    are printed as the take-over.",
            " 8. --grid runs steps 1-6 for every shape (1/2/3 instances x 1/2 threads x 6/12 partitions; --grid SHORT:",
            "    1/2 instances x 1 thread x 2 partitions), each on a fresh broker, and prints a table: offenses/s,",
            "    offenses per coordinator CPU-second, ban p99 idle and under --load-rate.",
            "The machine's load average (/proc/loadavg) is printed at start and end: on a shared machine, compare",
            "figures within one run and with the load next to them.",
            "Last line: coordinator: <N> offenses/s sustained, ban latency p50 <X> ms p99 <Y> ms"
        })
public final class BenchCoordinatorCommand implements Callable<Integer> {

    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);
    private static final double IDLE_CORES = 0.15;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

    @Option(
            names = "--ips",
            defaultValue = "200000",
            description = "Distinct preloaded IPs (default: ${DEFAULT-VALUE}).")
    int ips;

    @Option(
            names = "--per-ip",
            defaultValue = "2",
            description = "Offenses per preloaded IP, below maxretry 5 (default: ${DEFAULT-VALUE}).")
    int perIp;

    @Option(
            names = "--attacker-every",
            defaultValue = "10000",
            description = "Every N-th preloaded IP crosses maxretry and is banned (default: ${DEFAULT-VALUE}).")
    int attackerEvery;

    @Option(names = "--cold", description = "Report the first drain, from a cold start, instead of a second, warm one.")
    boolean cold;

    @Option(
            names = "--threads",
            defaultValue = "" + CoordinatorConfig.DEFAULT_NUM_STREAM_THREADS,
            description = "Coordinator num.stream.threads (default: ${DEFAULT-VALUE}, the coordinator's default).")
    int threads;

    @Option(
            names = "--instances",
            defaultValue = "1",
            description =
                    "Coordinator instances (one application id, each its own JVM and state dir; default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(
            names = "--rebalance",
            description =
                    "At the end, under --rebalance-load-rate: an instance joins, then the"
                            + " oldest is killed, while fresh IPs cross maxretry at --crossing-rate; checks the committed bans log.")
    boolean rebalance;

    @Option(
            names = "--rebalance-phase",
            defaultValue = "15",
            description =
                    "Seconds before the join, between join and kill, and after the kill (default: ${DEFAULT-VALUE}).")
    int rebalancePhase;

    @Option(
            names = "--rebalance-load-rate",
            defaultValue = "2000",
            description =
                    "Offenses/s (new IPs, never a ban) streaming in during --rebalance (default: ${DEFAULT-VALUE}).")
    int rebalanceLoadRate;

    @Option(
            names = "--crossing-rate",
            defaultValue = "20",
            description = "Fresh IPs crossing maxretry per second during --rebalance (default: ${DEFAULT-VALUE}).")
    int crossingRate;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the fleetban topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--tries",
            defaultValue = "200",
            description = "Ban latency tries, one fresh IP each (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(
            names = "--load-rate",
            defaultValue = "25000",
            description = "Offenses/s streaming in while ban latency is measured again under load; 0 skips it"
                    + " (default: ${DEFAULT-VALUE}).")
    int loadRate;

    @Option(
            names = "--coordinator-jvm",
            defaultValue = "-Xmx512m -XX:+UseG1GC",
            split = " ",
            description = "JVM options of the coordinator process, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> coordinatorJvm;

    @Option(
            names = "--coordinator-setting",
            description = "Extra [coordinator] key=value for fleetban.conf (repeatable), e.g. rocksdb.memory=128MiB.")
    Map<String, String> coordinatorSettings = new LinkedHashMap<>();

    @Option(
            names = "--timeout",
            defaultValue = "900",
            description = "Seconds the drain may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--grid",
            arity = "0..1",
            fallbackValue = "FULL",
            description = "Run every shape of CoordinatorGrid one after the other, each on a fresh broker, and print"
                    + " one row per shape: FULL (the default) 1/2/3 instances x 1/2 threads x 6/12 partitions;"
                    + " SHORT 1/2 instances x 1 thread x 2 partitions, to check the bench itself.")
    CoordinatorGrid.Size grid;

    @Option(names = "--keep", description = "Keep the work directory (broker data, state, logs).")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        if (grid != null) {
            CoordinatorGrid.run(out, grid, shape -> runOnFreshBroker(out, shape));
            return 0;
        }
        Result result = runOnFreshBroker(out, new CoordinatorGrid.Shape(instances, threads, partitions));
        out.printf(
                Locale.ROOT,
                "coordinator: %.0f offenses/s sustained, ban latency p50 %.0f ms p99 %.0f ms%n",
                result.rate(),
                result.p50(),
                result.p99());
        return 0;
    }

    /**
     * One run's figures: the reported drain's sustained rate and offenses per coordinator CPU-second; ban latency p99
     * on the idle coordinator and under {@code --load-rate} (NaN without load); the last line's p50 and p99.
     */
    record Result(double rate, double perCpuSecond, double idleP99, double loadP99, double p50, double p99) {}

    /** Everything from the broker's start to its stop, in a work directory of its own (deleted unless --keep). */
    private Result runOnFreshBroker(PrintWriter out, CoordinatorGrid.Shape shape) throws Exception {
        Path workDir = Files.createTempDirectory("fleetban-bench-coordinator-");
        out.printf(
                Locale.ROOT,
                "fleetban bench coordinator: %,d IPs x %d offenses + every %,d-th IP crossing; %d"
                        + " partition(s), %d instance(s) x %d stream thread(s); work dir %s%n",
                ips,
                perIp,
                attackerEvery,
                shape.partitions(),
                shape.instances(),
                shape.threads(),
                workDir);
        out.println("load average at start: " + LoadAverage.read());
        out.flush();
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            KafkaSettings kafka = broker.kafkaSettings(shape.partitions());
            Topics topics = Topics.create(kafka);
            try (Admin admin = broker.readyWithTopics(kafka, topics)) {
                Result result = run(out, shape, workDir, kafka, topics, admin, broker);
                out.println("load average at end: " + LoadAverage.read());
                return result;
            }
        } finally {
            if (!keep) {
                WorkDir.delete(workDir);
            }
        }
    }

    private Result run(
            PrintWriter out,
            CoordinatorGrid.Shape shape,
            Path workDir,
            KafkaSettings kafka,
            Topics topics,
            Admin admin,
            BenchBroker broker)
            throws Exception {
        long preloadStart = System.nanoTime();
        OffensePreload.Written written = new OffensePreload(kafka, topics.offenses())
                .write(ips, perIp, BenchCoordinatorFiles.MAX_RETRY, attackerEvery);
        out.printf(
                Locale.ROOT,
                "preload: %,d offenses (%,d IPs crossing maxretry) in %.1f s%n",
                written.offenses(),
                written.attackers(),
                (System.nanoTime() - preloadStart) / 1e9);
        out.flush();
        long backlog = ConsumerLagMeter.endOffsets(admin, topics.offenses().name(), shape.partitions());
        long start = System.nanoTime();
        try (CoordinatorInstances coordinators = new CoordinatorInstances(
                workDir,
                kafka.bootstrapServers(),
                shape.partitions(),
                shape.threads(),
                coordinatorSettings,
                coordinatorJvm)) {
            for (int i = 0; i < shape.instances(); i++) {
                ChildJvm coordinator = coordinators.add();
                out.println("coordinator " + (i + 1) + ": pid " + coordinator.pid() + ", JVM "
                        + String.join(" ", coordinatorJvm) + ", settings " + coordinatorSettings + ", log "
                        + coordinator.log());
            }
            out.flush();
            ConsumerLagMeter meter = new ConsumerLagMeter(
                    admin,
                    BenchCoordinatorFiles.APPLICATION_ID,
                    topics.offenses().name(),
                    coordinators::cpuNanos,
                    broker::cpuNanos);
            ConsumerLagMeter.Drain drain = meter.awaitDrained(
                    backlog, start, SAMPLE_INTERVAL, Duration.ofSeconds(timeoutSeconds), coordinators::allAlive);
            drain.print(out, cold ? "drain" : "first drain (cold, not reported)");
            if (!cold) {
                out.printf(
                        Locale.ROOT,
                        "coordinator idle %.1f s after the drain (JIT compilation settled)%n",
                        coordinators.awaitIdle(IDLE_CORES, IDLE_TIMEOUT));
                drain = warmDrain(out, kafka, topics, meter, backlog, coordinators);
            }
            ChildJvm first = coordinators.first();
            CoordinatorFigures.printFootprint(out, first, workDir, admin);
            BanLatencyProbe.Latencies idle = new BanLatencyProbe(kafka, topics.offenses(), topics.bans())
                    .measure(0, tries, BenchCoordinatorFiles.MAX_RETRY);
            CoordinatorFigures.printLatency(out, "idle coordinator", idle, first);
            BanLatencyProbe.Latencies last = idle;
            double loadP99 = Double.NaN;
            int nextSteady = ips;
            if (loadRate > 0) {
                SteadyOffenses steady = SteadyOffenses.start(kafka, topics.offenses(), loadRate, nextSteady);
                last = latencyUnderLoad(out, kafka, topics, steady, first);
                loadP99 = BanLatencyProbe.quantile(last.total(), 0.99);
                nextSteady += (int) steady.sent();
            }
            if (rebalance
                    && !new CoordinatorRebalance(kafka, topics, Duration.ofSeconds(rebalancePhase))
                            .run(out, coordinators, rebalanceLoadRate, nextSteady, crossingRate, 2 * tries)) {
                throw new IllegalStateException("bans lost or duplicated across the rebalance (see above)");
            }
            return new Result(
                    drain.sustainedRate(),
                    drain.cpuFigures()[0],
                    BanLatencyProbe.quantile(idle.total(), 0.99),
                    loadP99,
                    BanLatencyProbe.quantile(last.total(), 0.50),
                    BanLatencyProbe.quantile(last.total(), 0.99));
        }
    }

    /** Ban latency while offenses stream in at {@code --load-rate}, new IPs after the preloaded ones. */
    private BanLatencyProbe.Latencies latencyUnderLoad(
            PrintWriter out, KafkaSettings kafka, Topics topics, SteadyOffenses steady, ChildJvm coordinator)
            throws Exception {
        BanLatencyProbe.Latencies latencies;
        try {
            TimeUnit.SECONDS.sleep(2); // the coordinator busy before the first try
            latencies = new BanLatencyProbe(kafka, topics.offenses(), topics.bans())
                    .measure(tries, tries, BenchCoordinatorFiles.MAX_RETRY);
        } finally {
            steady.close();
        }
        CoordinatorFigures.printLatency(
                out,
                String.format(Locale.ROOT, "under %,.0f offenses/s", steady.achievedRate()),
                latencies,
                coordinator);
        return latencies;
    }

    /**
     * The measured pass: the same IPs' next {@code --per-ip} rounds, written in one transaction while the coordinator
     * runs warm (JIT compiled, RocksDB and broker caches filled, every IP already in state). Under exactly-once it
     * reads committed records only, so it idles until the commit and then finds the whole pass as a backlog, drained
     * and measured like the first with this writer no longer taking CPU from it.
     */
    private ConsumerLagMeter.Drain warmDrain(
            PrintWriter out,
            KafkaSettings kafka,
            Topics topics,
            ConsumerLagMeter meter,
            long firstBacklog,
            CoordinatorInstances coordinators)
            throws Exception {
        long writeStart = System.nanoTime();
        OffensePreload.Written written =
                new OffensePreload(kafka, topics.offenses()).writeRoundsAtOnce(ips, perIp, 2 * perIp);
        long start = System.nanoTime();
        out.printf(
                Locale.ROOT,
                "warm pass: %,d more offenses of the same IPs written in one transaction in %.1f s"
                        + " while the coordinator runs, visible to it from the commit on%n",
                written.offenses(),
                (start - writeStart) / 1e9);
        // Counted from what was written: the end offsets also hold the transaction's commit markers.
        long backlog = firstBacklog + written.offenses();
        ConsumerLagMeter.Drain drain = meter.awaitDrained(
                firstBacklog,
                backlog,
                start,
                SAMPLE_INTERVAL,
                Duration.ofSeconds(timeoutSeconds),
                coordinators::allAlive);
        drain.print(out, "drain");
        return drain;
    }

    private void validate() {
        if (ips < 1 || ips > BenchAddresses.MAX_PRELOADED) {
            throw new ParameterException(spec.commandLine(), "--ips must be 1.." + BenchAddresses.MAX_PRELOADED);
        }
        int rounds = cold ? perIp : 2 * perIp;
        if (perIp < 1
                || rounds >= BenchCoordinatorFiles.MAX_RETRY
                || attackerEvery < 1
                || threads < 1
                || partitions < 1
                || tries < 1
                || 2 * tries > BenchAddresses.MAX_TRIES
                || loadRate < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need 1 <= --per-ip (twice it, unless --cold) < "
                            + BenchCoordinatorFiles.MAX_RETRY + ", --attacker-every, --threads, --partitions >= 1 and"
                            + " 1 <= --tries <= " + BenchAddresses.MAX_TRIES / 2 + ", --load-rate >= 0");
        }
        if (instances < 1 || rebalancePhase < 1 || crossingRate < 1 || rebalanceLoadRate < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need --instances, --rebalance-phase, --crossing-rate >= 1" + " and --rebalance-load-rate >= 0");
        }
        validateGrid();
        coordinatorJvm =
                coordinatorJvm.stream().filter(option -> !option.isBlank()).toList();
    }

    private void validateGrid() {
        if (grid != null
                && (rebalance
                        || Stream.of("--instances", "--threads", "--partitions")
                                .anyMatch(spec.commandLine().getParseResult()::hasMatchedOption))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--grid sets --instances, --threads and --partitions itself, without --rebalance");
        }
    }
}
