package io.fleetban.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * No line lost to rotation while the shipper is down or behind, with a real shipper process ({@code fleetban shipper}
 * in its own JVM) and a real broker: 200,000 failure lines written at 20,000 lines/s, the shipper stopped (SIGSTOP,
 * so it is behind) at line 45,000, rename rotation at 50,000, SIGKILL at 100,000, restart at 110,000, the shipper
 * stopped again at 140,000, copytruncate at 150,000, resumed at 160,000.
 *
 * <p>The offenses topic is then read as the coordinator reads it ({@code read_committed}, from the start): every
 * line is there, and every record of one line carries the same offense id. The coordinator keeps the ids of each
 * address's offenses within findtime and counts a repeated id once, so a line sent again after the kill is not
 * counted twice.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ShipperRotationKillIT {

    private static final int LINES = 200_000;
    private static final int LINES_PER_SECOND = 20_000;
    private static final int LINES_PER_TICK = 200;
    private static final String TOPIC_PREFIX = "rotkill.";

    /** Kept when the test fails: the shippers' outputs and the logs tell what went wrong. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<Process> shippers = new ArrayList<>();
    private Path log;
    private Path conf;
    private OutputStream writer;

    @AfterEach
    void stopShippers() {
        shippers.forEach(Process::destroyForcibly);
    }

    @Test
    void noLineIsLostToRotationKillRestartAndCopytruncateAndNoneCarriesTwoIds() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker()) {
            KafkaSettings kafka = configure(cluster.bootstrapServers());
            Topic<String, Offense> offenses = Topics.create(kafka).offenses();
            Process first = startShipper("first");

            for (int n = 1; n <= LINES; n++) {
                write(n);
                switch (n) {
                    case 45_000 -> signal(first, "STOP"); // behind: what it read is not all checkpointed
                    case 50_000 -> renameRotation();
                    case 100_000 -> first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                    case 110_000 -> startShipper("second");
                    case 140_000 -> signal(shippers.get(1), "STOP");
                    case 150_000 -> copyTruncate();
                    case 160_000 -> signal(shippers.get(1), "CONT");
                    default -> {}
                }
            }
            writer.close();

            try (Census census = new Census(kafka, offenses)) {
                try {
                    await().pollInSameThread()
                            .atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> census.read().linesSeen() == LINES);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("lines never published: " + census.missing() + "; outputs in " + dir, e);
                }
                Process second = shippers.get(1);
                second.destroy(); // SIGTERM: a clean stop flushes and saves its checkpoints
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                census.readToEnd();

                assertThat(census.linesSeen()).as("lines with an offense").isEqualTo(LINES);
                assertThat(census.linesWithSeveralIds())
                        .as("lines whose offenses carry different ids")
                        .isEmpty();
                assertThat(census.records())
                        .as("records: the kill made the shipper send some lines again")
                        .isGreaterThan(LINES);
            }
            String secondLog = output("second");
            assertThat(secondLog).contains("was rotated while the shipper was away: reading " + log + ".1");
            assertThat(secondLog).contains("reading the rest").contains("from its copy " + log + ".2");
            assertThat(secondLog).doesNotContain("lost", "skipped");
        }
    }

    private KafkaSettings configure(String bootstrapServers) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        log = logs.resolve("fail.log");
        writer = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        conf = new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", bootstrapServers)
                .set("kafka", "topic.prefix", TOPIC_PREFIX)
                .set("fail2ban", "config.dir", TutorialJail.fail2banDir(dir, log))
                .set("shipper", "host.id", "web-1")
                .set("shipper", "state.dir", dir.resolve("state"))
                .set("shipper", "log.timezone", "UTC")
                .writeTo(dir.resolve("fleetban.conf"));
        KafkaSettings kafka = KafkaSettings.parse(
                Map.of(KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers, KafkaSettings.TOPIC_PREFIX, TOPIC_PREFIX),
                conf.toString());
        Topics topics = Topics.create(kafka);
        try (Admin admin = Admin.create(kafka.adminConfig("rotation-it"))) {
            admin.createTopics(topics.newTopics().stream()
                            .filter(t -> t.name().equals(topics.offenses().name()))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        return kafka;
    }

    /** Line {@code n}: a tutorial failure from its own address, numbered so the census can tell lines apart. */
    private void write(int n) throws IOException {
        String ip = "10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255);
        writer.write((TutorialJail.line(Instant.now(), ip) + " n=" + n + "\n").getBytes(StandardCharsets.UTF_8));
        if (n % LINES_PER_TICK == 0) {
            writer.flush();
            pace(n);
        }
    }

    private long startNanos;

    /** Keeps the writer at {@value #LINES_PER_SECOND} lines/s: line n is not written before n / rate seconds. */
    private void pace(int n) {
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        long due = startNanos + (long) n * 1_000_000_000L / LINES_PER_SECOND;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** logrotate's default: rename, then the writer reopens the path (its postrotate signal). */
    private void renameRotation() throws IOException {
        writer.close();
        Files.move(log, log.resolveSibling("fail.log.1"));
        writer = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** logrotate's copytruncate: copy, then cut the file to 0 under its O_APPEND writer. */
    private void copyTruncate() throws IOException {
        writer.flush();
        Files.copy(log, log.resolveSibling("fail.log.2"), StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    /** {@code fleetban shipper} in its own JVM, as bin/fleetban runs it; returns once it tails the log. */
    private Process startShipper(String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(
                        java.toString(),
                        "-XX:+UseSerialGC",
                        "-Xmx256m",
                        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fleetban.avro",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.fleetban.cli.Fleetban",
                        "shipper",
                        "--config",
                        conf.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start();
        shippers.add(process);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> output(name).contains("Shipper web-1 started") || !process.isAlive());
        assertThat(process.isAlive())
                .as("shipper %s running; its output:%n%s", name, output(name))
                .isTrue();
        return process;
    }

    private String output(String name) {
        try {
            return Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -%s", signal)
                .isTrue();
    }

    /** The offenses on the topic, as the coordinator reads them: line number -> the distinct offense ids sent. */
    private static final class Census implements AutoCloseable {

        private final KafkaConsumer<String, Offense> consumer;
        private final List<TopicPartition> partitions;
        private final Map<Integer, Set<String>> idsByLine = new HashMap<>();
        private long records;

        Census(KafkaSettings kafka, Topic<String, Offense> offenses) {
            consumer = new KafkaConsumer<>(
                    kafka.consumerConfig("rotation-it-census", Optional.empty()),
                    offenses.keySerde().deserializer(),
                    offenses.valueSerde().deserializer());
            partitions = consumer.partitionsFor(offenses.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Census read() {
            for (ConsumerRecord<String, Offense> record : consumer.poll(Duration.ofMillis(200))) {
                String line = record.value().getLine();
                int n = Integer.parseInt(line.substring(line.lastIndexOf(" n=") + 3));
                idsByLine
                        .computeIfAbsent(n, k -> new HashSet<>(2))
                        .add(record.value().getOffenseId());
                records++;
            }
            return this;
        }

        void readToEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() -> {
                read();
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }

        int linesSeen() {
            return idsByLine.size();
        }

        long records() {
            return records;
        }

        /** The line numbers without an offense, as ranges. */
        String missing() {
            StringBuilder ranges = new StringBuilder();
            int n = 1;
            while (n <= LINES) {
                if (idsByLine.containsKey(n)) {
                    n++;
                    continue;
                }
                int from = n;
                while (n <= LINES && !idsByLine.containsKey(n)) {
                    n++;
                }
                ranges.append(ranges.isEmpty() ? "" : ", ")
                        .append(from)
                        .append('-')
                        .append(n - 1);
            }
            return ranges.toString();
        }

        List<Integer> linesWithSeveralIds() {
            return idsByLine.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
