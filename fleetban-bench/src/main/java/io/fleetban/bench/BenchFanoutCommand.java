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
import java.util.concurrent.Callable;
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
            "    loopback ports; the fleetban topics have --partitions partitions, bans and unbans",
            "    --decision-partitions; jail `bench` (bantime 10m).",
            " 2. --hosts simulated enforcer hosts start, --start-parallelism at a time, in --host-jvms child JVMs",
            "    (--host-jvm options, the hosts spread evenly over them) apart from this JVM, which sends the bans and",
            "    measures. Each host is the production enforcer (EnforcerApp: its own fleetban.conf, Kafka consumer and",
            "    connection, guard, ledger and decision thread, default settings but [enforcer] fetch.max.wait =",
            "    --fetch-max-wait) on a counting firewall backend that runs no process and notes the wall-clock time",
            "    each commit added an address.",
            "    Memory per host: the hosts' JVMs' heap after a full GC, and their RSS, before and after, divided by",
            "    --hosts.",
            "    The phases below begin 65 s after the last host started: each host's Micrometer binder registers",
            "    its consumer's metrics anew a minute after start, a one-off that is not the fleet's steady cost.",
            "    Meanwhile a warm-up, not measured: --warm-up-bans bans at --rate (a fleet's broker and coordinator",
            "    run for weeks, their ban path long compiled; fresh, their JIT would compile it through the steady",
            "    phase).",
            " 3. Steady: --bans bans at --rate per second, each a `fleetban client banip` command (bantime 1 h) to",
            "    the coordinator. A ban's latency runs from the coordinator's decision (the ban's bannedAt, read",
            "    read_committed from the bans topic) to the moment the LAST of the hosts' backends applied it. The",
            "    p99 of 1,000 bans is their tenth slowest; of 100 it would be the second slowest, which moves from",
            "    run to run with the one coincidence (a collector pause, two commits together) that made it.",
            " 4. Idle: for --idle-seconds with no decisions, the fetch requests all hosts sent (each consumer's",
            "    fetch-total metric) per second: what idle hosts cost the broker; and the hosts' JVMs' CPU per host.",
            " 5. Burst: --burst bans sent at once, in commands of 1,000 addresses; the time from the first command",
            "    to every host holding all of them, the rate at which the coordinator decided them (it paces a",
            "    burst), and each ban's decision-to-last-host latency.",
            " 6. Restart storm: every host stops; --storm-active more bans are made; then --storm-hosts hosts start",
            "    all at once, each rebuilding from active-bans and following the decision topics; the time until",
            "    every one holds the exact set of active bans, and heap per host.",
            "A phase that does not complete within --timeout prints INCOMPLETE and how far it got (bans decided and",
            "the coordinator's rate, bans on every host, hosts holding every ban), and the run goes on to the next",
            "phase; the run then ends with a line naming the incomplete phases after the last line, and exits 1.",
            "Each phase's line gives the CPU (/proc/<pid>/stat, in cores) of the hosts' JVMs, the broker and the",
            "coordinator over it: where the cores went when the latencies show them saturated.",
            "Percentiles by nearest rank over bans. The machine's load average is printed at start and end: on a",
            "shared machine compare figures within one run.",
            "Last line: fanout: N hosts, ban to last host p50 X ms p99 Y ms, idle broker load Z fetches/s"
        })
public final class BenchFanoutCommand implements Callable<Integer> {

    @Option(
            names = "--hosts",
            defaultValue = "1000",
            description = "Simulated enforcer hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the fleetban topics but bans and unbans (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--decision-partitions",
            defaultValue = "" + KafkaSettings.DEFAULT_DECISION_PARTITIONS,
            description = "Partitions of bans and unbans, which every host reads whole (default: ${DEFAULT-VALUE}, the"
                    + " coordinator's default).")
    int decisionPartitions;

    @Option(names = "--rate", defaultValue = "5", description = "Steady bans per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--bans", defaultValue = "1000", description = "Steady bans (default: ${DEFAULT-VALUE}).")
    int bans;

    @Option(
            names = "--warm-up-bans",
            defaultValue = "100",
            description = "Bans before the phases measured, not measured (default: ${DEFAULT-VALUE}).")
    int warmUpBans;

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
            names = "--host-jvms",
            defaultValue = "1",
            description = "JVMs the simulated hosts are spread over (default: ${DEFAULT-VALUE}).")
    int hostJvms;

    @Option(
            names = "--host-jvm",
            defaultValue =
                    "-XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=-10",
            split = " ",
            description = "JVM options of the hosts' JVMs, space-separated (default: ${DEFAULT-VALUE}). The JVM's own"
                    + " compilers: a real host spends its own CPU on a ban, while here every host's adds to the"
                    + " fan-out on the same cores. A short pause goal: a young pause stops every host of the JVM,"
                    + " where a real host's stops that host alone. The compiler threads at nice -10 (root only;"
                    + " otherwise the JVM warns and leaves them as they are): one compiler serves every host of the"
                    + " JVM, and the hosts' threads would starve it until well into the phases measured.")
    List<String> hostJvm;

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
            description = "Seconds each phase may take before it is reported INCOMPLETE and the run goes on"
                    + " (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Keep the work directory (broker data, state, logs).")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final Path workDir = Files.createTempDirectory("fleetban-bench-fanout-");
        out.printf(
                Locale.ROOT,
                "fleetban bench fanout: %,d hosts, %d partition(s), %d decision partition(s), fetch.max.wait %s;"
                        + " work dir %s%n",
                hosts,
                partitions,
                decisionPartitions,
                fetchMaxWait,
                workDir);
        out.println("load average at start: " + LoadAverage.read());
        out.flush();
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            final KafkaSettings kafka = broker.kafkaSettings(partitions, decisionPartitions);
            final Topics topics = Topics.create(kafka);
            broker.readyWithTopics(kafka, topics).close();
            final Path conf = BenchCoordinatorFiles.write(
                    workDir, kafka.bootstrapServers(), partitions, decisionPartitions, 1, Map.of());
            try (ChildJvm coordinator = ChildJvm.start(
                            "coordinator",
                            List.of("-Xmx512m"),
                            List.of("coordinator", "-c", conf.toString()),
                            workDir.resolve("coordinator.log"));
                    FanoutShards fleet = FanoutShards.launch(hostJvms, hostJvm, workDir, hostConf(conf));
                    CommandPublisher publisher = new CommandPublisher(kafka, "bench-fanout", Clock.systemUTC());
                    BanDecisionClock decisions = new BanDecisionClock(kafka, topics.bans())) {
                final FanoutRun.Result result =
                        new FanoutRun(plan(), out, broker, coordinator, fleet, publisher, decisions).run();
                out.println("load average at end: " + LoadAverage.read());
                out.printf(
                        Locale.ROOT,
                        "fanout: %d hosts, ban to last host p50 %.0f ms p99 %.0f ms, idle broker load"
                                + " %.0f fetches/s%n",
                        hosts,
                        result.p50(),
                        result.p99(),
                        result.idleFetchesPerSecond());
                if (!result.incomplete().isEmpty()) {
                    out.printf(
                            Locale.ROOT,
                            "fanout: INCOMPLETE: %s did not complete within --timeout %d s (their lines above say"
                                    + " how far they got)%n",
                            String.join(", ", result.incomplete()),
                            timeoutSeconds);
                    out.flush();
                    return 1;
                }
            }
        } finally {
            if (!keep) {
                WorkDir.delete(workDir);
            }
        }
        return 0;
    }

    FanoutRun.Plan plan() {
        return new FanoutRun.Plan(
                hosts,
                rate,
                warmUpBans,
                bans,
                burst,
                stormActive,
                stormHosts,
                idleSeconds,
                startParallelism,
                Duration.ofSeconds(timeoutSeconds));
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

    void validate() {
        if (hosts < 1
                || partitions < 1
                || decisionPartitions < 1
                || rate <= 0
                || bans < 1
                || warmUpBans < 0
                || burst < 0
                || stormActive < 0
                || stormHosts < 1
                || hostJvms < 1
                || idleSeconds < 1
                || startParallelism < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--hosts, --partitions, --decision-partitions, --rate, --bans, --storm-hosts, --host-jvms,"
                            + " --idle-seconds and --start-parallelism must be positive; --warm-up-bans, --burst and"
                            + " --storm-active at least 0");
        }
        if (1 + warmUpBans + bans + burst + stormActive > BenchAddresses.MAX_TRIES) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--warm-up-bans + --bans + --burst + --storm-active must fit in 198.18.0.0/15 ("
                            + BenchAddresses.MAX_TRIES + " addresses)");
        }
    }
}
