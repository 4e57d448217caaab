package io.fleetban.bench;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fleetban bench footprint}: the memory of a host's two agents, started as the units start them. */
@Command(
        name = "footprint",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the memory of a host's shipper and enforcer, each started through the launcher (bin/fleetban",
            "shipper|enforcer -c FILE, the role's default JVM options and class path, as the systemd units and the",
            "package run them; FLEETBAN_JAVA_OPTS is passed on), after a workload.",
            "",
            "Method:",
            " 1. A fresh `fleetban broker` starts in a child JVM; the fleetban topics are created.",
            " 2. One fleetban.conf as `bench shipper` writes it (the tutorial jail, and Debian's sshd jail from",
            "    --fail2ban-dir when present) plus an [enforcer] section (backend dry-run); every other key default.",
            " 3. The shipper and the enforcer start through --launcher; the bench waits until both are ready.",
            " 4. Workload: --lines lines in the tutorial format, then --lines lines of a Debian auth.log mix, each",
            "    renamed over its jail's log, until the broker holds all their offenses; then --bans ban decisions",
            "    (one address each) are written to the bans topic until the enforcer logged every one applied.",
            " 5. Both agents idle --settle seconds, then per agent: RSS and peak RSS (/proc/<pid>/status), PSS",
            "    (/proc/<pid>/smaps_rollup), threads, and through jcmd the heap (used/committed), metaspace",
            "    (committed) and code cache (used).",
            "Last line: footprint: shipper X MiB, enforcer Y MiB, together Z MiB RSS (PSS W MiB)"
        })
public final class BenchFootprintCommand implements Callable<Integer> {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The shipper logs this once its producer has the offenses topic's metadata. */
    private static final String SHIPPER_READY = "Offenses topic has";
    /** The enforcer logs this once it has rebuilt its state and reads decisions. */
    private static final String ENFORCER_READY = "consuming decisions from";

    private static final String APPLIED_BAN = "applied ban ";
    private static final int PARTITIONS = 6;

    @Option(
            names = "--lines",
            defaultValue = "1000000",
            description = "Lines per generated log (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(
            names = "--bans",
            defaultValue = "10000",
            description = "Ban decisions the enforcer applies (default: ${DEFAULT-VALUE}).")
    int bans;

    @Option(
            names = "--settle",
            defaultValue = "10",
            description = "Idle seconds before measuring (default: ${DEFAULT-VALUE}).")
    int settleSeconds;

    @Option(
            names = "--fail2ban-dir",
            defaultValue = "/tmp/fail2ban-pkg/etc/fail2ban",
            description = "fail2ban config dir with filter.d/sshd.conf for the sshd jail; skipped when absent"
                    + " (default: ${DEFAULT-VALUE}).")
    Path fail2banDir;

    @Option(names = "--launcher", description = "The fleetban launcher (default: bin/fleetban of this installation).")
    Path launcher;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Seconds one workload step may take (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--keep", description = "Keep the work directory (logs, broker data, agent logs).")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Path script = launcher != null ? launcher : ChildJvm.defaultLauncher();
        if (lines < 1
                || bans < 1
                || bans > BenchAddresses.MAX_PRELOADED
                || settleSeconds < 0
                || !Files.isExecutable(script)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need --lines >= 1, 1 <= --bans <= " + BenchAddresses.MAX_PRELOADED
                            + ", --settle >= 0 and an executable launcher (" + script + ")");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Path workDir = Files.createTempDirectory("fleetban-bench-footprint-");
        out.printf(
                Locale.ROOT,
                "fleetban bench footprint: %,d lines per log, %,d bans; launcher %s, FLEETBAN_JAVA_OPTS"
                        + " %s; work dir %s%n",
                lines,
                bans,
                script,
                Optional.ofNullable(System.getenv("FLEETBAN_JAVA_OPTS")).orElse("(unset)"),
                workDir);
        out.println("load average at start: " + LoadAverage.read());
        out.flush();
        try (BenchBroker broker = BenchBroker.start(workDir)) {
            final KafkaSettings kafka = broker.kafkaSettings(PARTITIONS);
            final Topics topics = Topics.create(kafka);
            try (Admin admin = broker.readyWithTopics(kafka, topics)) {
                return run(out, workDir, script, kafka, topics, admin);
            }
        } finally {
            WorkDir.keepOrDelete(out, workDir, keep);
        }
    }

    private int run(PrintWriter out, Path workDir, Path script, KafkaSettings kafka, Topics topics, Admin admin)
            throws Exception {
        final Optional<Path> sshdFilters = BenchShipperFiles.sshdFilterDir(fail2banDir);
        final BenchShipperFiles.Written files =
                BenchShipperFiles.write(workDir, kafka.bootstrapServers(), PARTITIONS, sshdFilters, Map.of(), Map.of());
        Files.write(
                files.fleetbanConf(),
                List.of(
                        "[enforcer]",
                        "host.id = " + BenchShipperFiles.HOST_ID,
                        "backend = dry-run",
                        "state.dir = " + workDir.resolve("enforcer-state")),
                StandardOpenOption.APPEND);
        final List<String> conf = List.of("-c", files.fleetbanConf().toString());
        try (ChildJvm enforcer = ChildJvm.launch(
                        "enforcer", script, prepend("enforcer", conf), workDir.resolve("enforcer.log"));
                ChildJvm shipper =
                        ChildJvm.launch("shipper", script, prepend("shipper", conf), workDir.resolve("shipper.log"))) {
            awaitLog(shipper, SHIPPER_READY, 1, READY_TIMEOUT);
            awaitLog(enforcer, ENFORCER_READY, 1, READY_TIMEOUT);
            out.printf(
                    Locale.ROOT,
                    "ready: shipper pid %d, enforcer pid %d; at start: shipper %s; enforcer %s%n",
                    shipper.pid(),
                    enforcer.pid(),
                    JvmFootprint.of(shipper.pid()).describe(),
                    JvmFootprint.of(enforcer.pid()).describe());
            out.flush();
            final String offenses = topics.offenses().name();
            final Path seed = workDir.resolve("seed.log");
            BenchLogs.writeSeedLog(seed, lines);
            ship(out, "tutorial", seed, files.seedLog(), lines, shipper, admin, offenses);
            if (sshdFilters.isPresent() && files.authLog().isPresent()) {
                final Path auth = workDir.resolve("auth.log");
                BenchLogs.writeAuthLog(auth, lines);
                final long failures = EngineTiming.time(
                                FilterReader.readFile(sshdFilters.get().resolve("sshd.conf"), Map.of()), auth, 1)
                        .median()
                        .matched();
                ship(out, "sshd", auth, files.authLog().get(), failures, shipper, admin, offenses);
            } else {
                out.println("NOTE: " + fail2banDir.resolve("filter.d/sshd.conf") + " not found: sshd jail skipped");
            }
            final long start = System.nanoTime();
            writeBans(kafka, topics.bans());
            awaitLog(enforcer, APPLIED_BAN, bans, Duration.ofSeconds(timeoutSeconds));
            out.printf(
                    Locale.ROOT,
                    "enforcer: %,d bans applied (dry-run) in %.1f s%n",
                    bans,
                    (System.nanoTime() - start) / 1e9);
            out.flush();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(settleSeconds));
            shipper.requireAlive();
            enforcer.requireAlive();
            final JvmFootprint s = JvmFootprint.of(shipper.pid());
            final JvmFootprint e = JvmFootprint.of(enforcer.pid());
            out.println("shipper:  " + s.describe());
            out.println("enforcer: " + e.describe());
            out.println("load average at end: " + LoadAverage.read());
            out.printf(
                    Locale.ROOT,
                    "footprint: shipper %.1f MiB, enforcer %.1f MiB, together %.1f MiB RSS (PSS %.1f" + " MiB)%n",
                    s.rssMib(),
                    e.rssMib(),
                    s.rssMib() + e.rssMib(),
                    s.pssMib() + e.pssMib());
            return 0;
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream())
                .toList();
    }

    /** Renames a generated log over the tailed one, then waits until the broker holds all its offenses. */
    private void ship(
            PrintWriter out,
            String name,
            Path generated,
            Path tailed,
            long expected,
            ChildJvm shipper,
            Admin admin,
            String topic)
            throws Exception {
        final long before = ConsumerLagMeter.endOffsets(admin, topic, PARTITIONS);
        final long start = System.nanoTime();
        Files.move(generated, tailed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await(
                shipper,
                () -> {
                    try {
                        return ConsumerLagMeter.endOffsets(admin, topic, PARTITIONS) - before;
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot read the end offsets of " + topic, e);
                    }
                },
                expected,
                Duration.ofSeconds(timeoutSeconds),
                name + " offenses on the broker");
        out.printf(
                Locale.ROOT,
                "shipper: %s log, %,d lines, %,d offenses on the broker in %.1f s; RSS now %.1f MiB%n",
                name,
                lines,
                expected,
                (System.nanoTime() - start) / 1e9,
                shipper.rssBytes() / (1024.0 * 1024.0));
        out.flush();
    }

    /** One decision per address, as the coordinator writes them (one hour bans); not transactional, which read_committed reads too. */
    private void writeBans(KafkaSettings kafka, Topic<String, BanDecision> topic) {
        final Map<String, Object> config = kafka.producerConfig("fleetban-bench-footprint");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Instant now = Instant.now();
        try (KafkaProducer<String, BanDecision> producer = new KafkaProducer<>(
                config, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (int i = 0; i < bans; i++) {
                final String ip = BenchAddresses.preloaded(i);
                final BanDecision decision = BanDecision.newBuilder()
                        .setDecisionId("footprint-" + i)
                        .setJail(BenchShipperFiles.SEED_JAIL)
                        .setIp(ip)
                        .setSource(BanSource.AUTO)
                        .setReason("bench footprint")
                        .setFailures(5)
                        .setHosts(List.of(BenchShipperFiles.HOST_ID))
                        .setBannedAt(now)
                        .setExpiresAt(now.plus(Duration.ofHours(1)))
                        .build();
                producer.send(new ProducerRecord<>(topic.name(), ip, decision), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("writing the ban decisions failed: " + failure.get(), failure.get());
        }
    }

    private static void awaitLog(ChildJvm process, String marker, long count, Duration timeout) throws Exception {
        await(
                process,
                () -> occurrences(process.log(), marker),
                count,
                timeout,
                count + " x '" + marker + "' in " + process.log());
    }

    private static void await(ChildJvm process, LongSupplier progress, long target, Duration timeout, String what)
            throws TimeoutException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long now = progress.getAsLong();
        while (now < target) {
            process.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(now + " of " + what + " after " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(POLL.toNanos());
            now = progress.getAsLong();
        }
    }

    private static long occurrences(Path log, String marker) {
        try (java.util.stream.Stream<String> text = Files.lines(log)) {
            return text.filter(line -> line.contains(marker)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // not written yet, or a line cut mid-character: the next poll reads it again
        }
    }
}
