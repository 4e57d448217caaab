package io.fleetban.bench;

import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleetban bench shipper}: the shipper's end-to-end rate (tail, match, publish) and line-to-offense latency. */
@Command(
        name = "shipper",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the shipper end to end (tail, match, publish) on a real broker, each in its own JVM.",
            "",
            "Method:",
            " 1. Logs of --lines lines are generated (fixed seed, as `fleetban bench regex` does): the tutorial app's",
            "    format (`YYYY-MM-DD HH:MM:SS - IP: <ip> - User-Agent: <ua>`, every line a failure) and, when Debian's",
            "    filter.d/sshd.conf is in --fail2ban-dir, a Debian auth.log mix (~40%% sshd failures). The expected",
            "    offenses of the sshd log are counted by running the same filter engine over it in this process.",
            " 2. A fresh `fleetban broker` (single KRaft node) starts in a child JVM; the fleetban topics are created",
            "    with --partitions partitions.",
            " 3. `fleetban shipper` starts in a child JVM (--shipper-jvm options) exactly as in production: fleetban.conf",
            "    + jail.d with the tutorial jail (examples/filter.d/fail.conf) and the sshd jail, both logs present and",
            "    empty. The bench waits until the shipper has fetched the topic's metadata.",
            " 4. Rate, one log after the other: the generated file is renamed over the tailed one (a rotation: the",
            "    shipper reads the new file from its first line); the clock runs from the rename until the offenses",
            "    topic's end offsets (listOffsets, sampled every 10 ms) grew by the number of matching lines, i.e. the",
            "    broker acknowledged the last offense. Reported: lines/s, the shipper's CPU seconds (user+system,",
            "    /proc/<pid>/stat) over the same window and its peak RSS (VmHWM), the broker's CPU seconds, and",
            "    offenses per produce request (the producer's own counters on the shipper's /metrics).",
            " 5. Check: a read_committed consumer reads the whole offenses topic; per jail, the records and the",
            "    distinct offense ids must both equal the matching lines (nothing lost, nothing sent twice).",
            " 6. Latency, idle shipper: the topic's timestamps become LogAppendTime (the broker's clock), then",
            "    --tries lines in the tutorial format, each with a fresh address, are appended to the tailed log at",
            "    --rate lines/s; the clock runs from just before each append's write(2) until a read_committed",
            "    consumer (fetch.max.wait = --fetch-max-wait) holds that address's offense. p50/p90/p99/max by",
            "    nearest rank, and the median/p99 of each segment (ms stamps): append -> the offense's ingest time",
            "    (tail + match), ingest -> broker append time (producer + network + broker), broker append ->",
            "    readable (high watermark + fetch).",
            "The machine's load average (/proc/loadavg) is printed at start and end: on a shared machine, compare",
            "figures within one run and with the load next to them.",
            "Last line (the rate is the tutorial format's): shipper: <N> lines/s end to end (tail, match, publish),",
            "line to offense p50 <X> ms p99 <Y> ms"
        })
public final class BenchShipperCommand implements Callable<Integer> {

    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** The shipper logs this once its producer has the offenses topic's metadata: sends go out at once from then. */
    private static final String READY_MARKER = "Offenses topic has";

    private static final double MIB = 1024.0 * 1024.0;

    @Option(
            names = "--lines",
            defaultValue = "1000000",
            description = "Lines per generated log (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the fleetban topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--tries",
            defaultValue = "500",
            description = "Latency lines, one fresh address each (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(
            names = "--rate",
            defaultValue = "100",
            description = "Latency lines appended per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--fetch-max-wait",
            defaultValue = "5",
            description = "fetch.max.wait.ms of the latency consumer (default: ${DEFAULT-VALUE}, as the enforcer).")
    int fetchMaxWaitMs;

    @Option(
            names = "--shipper-jvm",
            defaultValue = "-Xmx256m -XX:+UseG1GC",
            split = " ",
            description = "JVM options of the shipper process, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> shipperJvm;

    @Option(
            names = "--shipper-setting",
            description = "Extra [shipper] key=value for fleetban.conf (repeatable), e.g. poll.interval=5ms.")
    Map<String, String> shipperSettings = new LinkedHashMap<>();

    @Option(
            names = "--kafka-setting",
            description =
                    "Extra [kafka] key=value for the shipper's fleetban.conf (repeatable), e.g. max.in.flight.requests.per.connection=5.")
    Map<String, String> kafkaSettings = new LinkedHashMap<>();

    @Option(
            names = "--fail2ban-dir",
            defaultValue = "/tmp/fail2ban-pkg/etc/fail2ban",
            description = "fail2ban config dir with filter.d/sshd.conf for the sshd case; skipped when absent"
                    + " (default: ${DEFAULT-VALUE}; see `fleetban bench regex --help` to get it).")
    Path fail2banDir;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Seconds one log may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Keep the work directory (logs, broker data, shipper log).")
    boolean keep;

    @Spec
    CommandSpec spec;

    /** One log's run: what went in, what came out, what it cost. */
    record CaseResult(
            String name, long lines, long expected, double seconds, double shipperCpuSeconds, double brokerCpuSeconds) {
        double linesPerSecond() {
            return lines / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path workDir = Files.createTempDirectory("fleetban-bench-shipper-");
        out.printf(
                Locale.ROOT,
                "fleetban bench shipper: %,d lines per log, %d partition(s), latency %d lines at"
                        + " %d/s; shipper JVM %s, settings %s %s; work dir %s%n",
                lines,
                partitions,
                tries,
                rate,
                String.join(" ", shipperJvm),
                shipperSettings,
                kafkaSettings,
                workDir);
        out.println("load average at start: " + LoadAverage.read());
        out.flush();
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            KafkaSettings kafka = broker.kafkaSettings(partitions);
            Topics topics = Topics.create(kafka);
            try (Admin admin = broker.readyWithTopics(kafka, topics)) {
                return run(out, workDir, kafka, topics, admin, broker);
            }
        } finally {
            WorkDir.keepOrDelete(out, workDir, keep);
        }
    }

    private int run(PrintWriter out, Path workDir, KafkaSettings kafka, Topics topics, Admin admin, BenchBroker broker)
            throws Exception {
        Optional<Path> sshdFilters = BenchShipperFiles.sshdFilterDir(fail2banDir);
        BenchShipperFiles.Written files = BenchShipperFiles.write(
                workDir, kafka.bootstrapServers(), partitions, sshdFilters, shipperSettings, kafkaSettings);
        List<Case> cases = generate(out, workDir, files, sshdFilters);
        try (ChildJvm shipper = ChildJvm.start(
                "shipper",
                shipperJvm,
                List.of("shipper", "-c", files.fleetbanConf().toString()),
                workDir.resolve("shipper.log"))) {
            awaitReady(shipper);
            out.println("shipper: pid " + shipper.pid() + ", ready; log " + shipper.log());
            out.flush();
            ProducerRequests producer = ProducerRequests.fromLog(Files.readString(shipper.log()));
            List<CaseResult> results = new ArrayList<>();
            for (Case c : cases) {
                ProducerRequests.Sample before = producer.sample();
                CaseResult result =
                        drain(c, shipper, broker, admin, topics.offenses().name());
                printCase(out, result, shipper, producer.sample().recordsPerRequestSince(before));
                results.add(result);
            }
            boolean complete = check(out, kafka, topics, cases);
            useBrokerTimestamps(admin, topics.offenses().name());
            LineToOffenseProbe.Result latency = new LineToOffenseProbe(
                            kafka, topics.offenses(), files.seedLog(), fetchMaxWaitMs)
                    .measure(tries, rate);
            shipper.requireAlive();
            printLatency(out, latency, shipper);
            out.println("load average at end: " + LoadAverage.read());
            out.printf(
                    Locale.ROOT,
                    "shipper: %.0f lines/s end to end (tail, match, publish), line to offense"
                            + " p50 %.1f ms p99 %.1f ms%n",
                    results.get(0).linesPerSecond(),
                    BanLatencyProbe.quantile(latency.total(), 0.50),
                    BanLatencyProbe.quantile(latency.total(), 0.99));
            return complete ? 0 : 1;
        }
    }

    /** A generated log, the tailed path it replaces, its jail and how many of its lines are failures. */
    private record Case(String name, String jail, Path generated, Path tailed, long expected) {}

    private List<Case> generate(
            PrintWriter out, Path workDir, BenchShipperFiles.Written files, Optional<Path> sshdFilters)
            throws IOException {
        Path generated = Files.createDirectories(workDir.resolve("generated"));
        List<Case> cases = new ArrayList<>();
        Path seed = generated.resolve("seed.log");
        BenchLogs.writeSeedLog(seed, lines);
        cases.add(new Case("seed", BenchShipperFiles.SEED_JAIL, seed, files.seedLog(), lines));
        if (sshdFilters.isPresent() && files.authLog().isPresent()) {
            Path auth = generated.resolve("auth.log");
            BenchLogs.writeAuthLog(auth, lines);
            // The same engine the shipper runs, in this process: the offenses a lossless shipper must publish.
            long failures = EngineTiming.time(
                            FilterReader.readFile(sshdFilters.get().resolve("sshd.conf"), Map.of()), auth, 1)
                    .median()
                    .matched();
            cases.add(new Case(
                    "sshd", BenchShipperFiles.SSHD_JAIL, auth, files.authLog().get(), failures));
        } else {
            out.println("NOTE: " + fail2banDir.resolve("filter.d/sshd.conf") + " not found: sshd case skipped");
        }
        cases.forEach(c -> out.printf(
                Locale.ROOT,
                "generated %s: %,d lines, %,d failures (%.0f MiB)%n",
                c.name(),
                lines,
                c.expected(),
                c.generated().toFile().length() / MIB));
        out.flush();
        return cases;
    }

    /** Renames the generated log over the tailed one, then waits until the broker holds all its offenses. */
    private CaseResult drain(Case c, ChildJvm shipper, BenchBroker broker, Admin admin, String topic) throws Exception {
        long before = ConsumerLagMeter.endOffsets(admin, topic, partitions);
        long shipperCpu = shipper.cpuNanos();
        long brokerCpu = broker.cpuNanos();
        long start = System.nanoTime();
        Files.move(c.generated(), c.tailed(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long acknowledged = 0;
        while (acknowledged < c.expected()) {
            shipper.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(c.name() + ": " + acknowledged + " of " + c.expected()
                        + " offenses on the broker after " + timeoutSeconds + " s; see " + shipper.log());
            }
            LockSupport.parkNanos(SAMPLE_INTERVAL.toNanos());
            acknowledged = ConsumerLagMeter.endOffsets(admin, topic, partitions) - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new CaseResult(
                c.name(),
                lines,
                c.expected(),
                seconds,
                (shipper.cpuNanos() - shipperCpu) / 1e9,
                (broker.cpuNanos() - brokerCpu) / 1e9);
    }

    /** Every matching line is on the topic exactly once: as many records and distinct ids as failures. */
    private static boolean check(PrintWriter out, KafkaSettings kafka, Topics topics, List<Case> cases)
            throws TimeoutException {
        Map<String, OffenseCensus.Count> counts = OffenseCensus.take(kafka, topics.offenses());
        boolean complete = true;
        for (Case c : cases) {
            OffenseCensus.Count count = counts.getOrDefault(c.jail(), new OffenseCensus.Count(0, 0));
            boolean exact = count.records() == c.expected() && count.distinctIds() == c.expected();
            complete &= exact;
            out.printf(
                    Locale.ROOT,
                    "check %s: %,d records, %,d distinct offense ids on the topic for %,d matching" + " lines: %s%n",
                    c.name(),
                    count.records(),
                    count.distinctIds(),
                    c.expected(),
                    exact ? "OK" : "MISMATCH");
        }
        out.flush();
        return complete;
    }

    /** Record timestamps from the broker's clock: the latency breakdown then shows when the broker appended. */
    private static void useBrokerTimestamps(Admin admin, String topic) throws Exception {
        AlterConfigOp logAppendTime = new AlterConfigOp(
                new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(
                        Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(logAppendTime)))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private static void printCase(PrintWriter out, CaseResult r, ChildJvm shipper, double recordsPerRequest) {
        out.printf(
                Locale.ROOT,
                "%s: %,d lines, %,d offenses acknowledged in %.2f s: %,.0f lines/s, %,.0f"
                        + " offenses/s end to end; shipper CPU %.1f s (%,.0f lines per CPU-second, %.2f cores busy),"
                        + " broker CPU %.1f s (%.1f us per offense); %.1f offenses per produce request; shipper peak RSS"
                        + " %.0f MiB; load %s%n",
                r.name(),
                r.lines(),
                r.expected(),
                r.seconds(),
                r.linesPerSecond(),
                r.expected() / r.seconds(),
                r.shipperCpuSeconds(),
                r.lines() / r.shipperCpuSeconds(),
                r.shipperCpuSeconds() / r.seconds(),
                r.brokerCpuSeconds(),
                r.brokerCpuSeconds() * 1e6 / r.expected(),
                recordsPerRequest,
                shipper.peakRssBytes() / MIB,
                LoadAverage.read());
        out.flush();
    }

    private void printLatency(PrintWriter out, LineToOffenseProbe.Result r, ChildJvm shipper) {
        double[] total = r.total();
        out.printf(
                Locale.ROOT,
                "line to offense over %d lines at %d/s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms, min %.1f ms%n",
                tries,
                rate,
                BanLatencyProbe.quantile(total, 0.50),
                BanLatencyProbe.quantile(total, 0.90),
                BanLatencyProbe.quantile(total, 0.99),
                total[total.length - 1],
                total[0]);
        out.printf(
                Locale.ROOT,
                "  segments (median / p99, ms stamps): append -> ingest (tail + match) %.1f / %.1f;"
                        + " ingest -> %s %.1f / %.1f; -> readable %.1f / %.1f; shipper peak RSS %.0f MiB%n",
                BanLatencyProbe.quantile(r.toIngest(), 0.50),
                BanLatencyProbe.quantile(r.toIngest(), 0.99),
                r.recordTimestamp() == TimestampType.LOG_APPEND_TIME
                        ? "broker append"
                        : "record " + r.recordTimestamp(),
                BanLatencyProbe.quantile(r.toRecord(), 0.50),
                BanLatencyProbe.quantile(r.toRecord(), 0.99),
                BanLatencyProbe.quantile(r.toReadable(), 0.50),
                BanLatencyProbe.quantile(r.toReadable(), 0.99),
                shipper.peakRssBytes() / MIB);
        out.flush();
    }

    private static void awaitReady(ChildJvm shipper) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readString(shipper.log()).contains(READY_MARKER)) {
            shipper.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("shipper not ready within " + READY_TIMEOUT + "; see " + shipper.log());
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    void validate() {
        if (lines < 1 || partitions < 1 || rate < 1 || rate > 10_000 || timeoutSeconds < 1 || fetchMaxWaitMs < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need --lines, --partitions, --timeout >= 1, --fetch-max-wait >= 0 and 1 <= --rate <= 10000");
        }
        if (tries < 1 || tries > BenchAddresses.MAX_TRIES) {
            throw new ParameterException(spec.commandLine(), "--tries must be 1.." + BenchAddresses.MAX_TRIES);
        }
        shipperJvm = shipperJvm.stream().filter(option -> !option.isBlank()).toList();
    }
}
