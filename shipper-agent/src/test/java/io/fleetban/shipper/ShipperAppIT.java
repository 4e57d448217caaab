package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipper against a real broker: the seed jail and filter, seed-format lines written to a temporary log, the
 * offenses read back with a read_committed consumer, the way the coordinator reads them.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShipperAppIT {

    private static KafkaTestCluster cluster;
    private KafkaSettings kafka;
    private Topic<String, Offense> offenses;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        cluster = KafkaTestCluster.singleBroker();
    }

    /** Each test gets its own topic prefix, so it reads only its own offenses; returns its fleetban.conf. */
    private ShipperConfig configure(Path log, String topicPrefix) throws Exception {
        Files.createFile(log);
        ShipperConfig config = ShipperConfig.load(SeedFail2banConfig.fleetbanConf(
                dir, cluster.bootstrapServers(), topicPrefix, log, "log.timezone = UTC"));
        kafka = config.kafka();
        Topics topics = Topics.create(kafka);
        offenses = topics.offenses();
        try (Admin admin = Admin.create(kafka.adminConfig("shipper-it-admin"))) {
            admin.createTopics(topics.newTopics().stream()
                            .filter(t -> t.name().equals(offenses.name()))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        return config;
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private KafkaConsumer<String, Offense> consumerFromStart() {
        KafkaConsumer<String, Offense> consumer = new KafkaConsumer<>(
                kafka.consumerConfig("shipper-it-reader", Optional.empty()),
                offenses.keySerde().deserializer(),
                offenses.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(offenses.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static List<ConsumerRecord<String, Offense>> readUntil(
            KafkaConsumer<String, Offense> consumer, List<ConsumerRecord<String, Offense>> read, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(50)).forEach(read::add);
            return read.size() >= count;
        });
        return read;
    }

    @Test
    void seedLinesArriveAsOffensesAndARestartNeitherLosesNorResends() throws Exception {
        Path log = dir.resolve("fail.log");
        ShipperConfig config = configure(log, "it-restart.");
        List<ConsumerRecord<String, Offense>> read = new ArrayList<>();
        try (KafkaConsumer<String, Offense> consumer = consumerFromStart()) {
            Instant written;
            try (ShipperApp app = ShipperApp.create(config)) {
                app.start();
                written = SeedLines.append(log, "198.51.100.66", "198.51.100.66", "203.0.113.7", "2001:db8::1");
                readUntil(consumer, read, 4);
                assertThat(app.counters().get("fail").linesMatched()).isEqualTo(4);
            }
            assertThat(read)
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("198.51.100.66", "198.51.100.66", "203.0.113.7", "2001:db8::1");
            assertThat(read).allSatisfy(record -> {
                Offense offense = record.value();
                assertThat(offense.getIp()).isEqualTo(record.key());
                assertThat(offense.getJail()).isEqualTo("fail");
                assertThat(offense.getHostId()).isEqualTo("web-1");
                assertThat(offense.getEventTime()).isEqualTo(written);
                assertThat(offense.getSource()).isEqualTo(log.toString());
                assertThat(offense.getLine()).contains("IP: ").contains("User-Agent: curl/7.81.0");
            });

            SeedLines.append(log, "198.51.100.99");
            try (ShipperApp app = ShipperApp.create(config)) {
                app.start();
                readUntil(consumer, read, 5);
            }
            // Nothing more after the restart's one line: a resend would show up as a second record per line.
            consumer.poll(Duration.ofMillis(500)).forEach(read::add);
        }
        assertThat(read).hasSize(5);
        assertThat(read).extracting(r -> r.value().getOffenseId()).doesNotHaveDuplicates();
        assertThat(read.get(4).key()).isEqualTo("198.51.100.99");
    }

    @Test
    void everyAppendedLineBecomesOneReadableOffense() throws Exception {
        Path log = dir.resolve("latency.log");
        ShipperConfig config = configure(log, "it-latency.");
        try (KafkaConsumer<String, Offense> consumer = consumerFromStart();
                ShipperApp app = ShipperApp.create(config)) {
            app.start();
            for (int i = 1; i <= 20; i++) {
                String ip = "203.0.113." + i;
                Instant writtenAt = Instant.now();
                SeedLines.append(log, ip);
                List<ConsumerRecord<String, Offense>> got = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(50)).forEach(got::add);
                    return got.stream().anyMatch(r -> r.key().equals(ip));
                });
                assertThat(got)
                        .as("offenses of line %d", i)
                        .filteredOn(r -> r.key().equals(ip))
                        .singleElement()
                        .satisfies(record -> {
                            assertThat(record.value().getIp()).isEqualTo(ip);
                            assertThat(record.value().getIngestTime())
                                    .as("built after the line was written")
                                    .isAfterOrEqualTo(writtenAt.truncatedTo(ChronoUnit.MILLIS));
                        });
            }
        }
    }
}
