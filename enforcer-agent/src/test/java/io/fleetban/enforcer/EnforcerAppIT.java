package io.fleetban.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer on a real KRaft broker with the dry-run backend: it rebuilds from active-bans at start, follows
 * bans and unbans, orders them by decision time, skips undecodable records without stopping, and removes its
 * rules on close. No root needed: the dry-run backend prints the exact ipset script it would run.
 */
@Tag("integration")
@Timeout(180)
class EnforcerAppIT {

    private static final Duration AT_MOST = Duration.ofSeconds(30);
    private static KafkaTestCluster cluster;
    private static KafkaSettings settings;
    private static Topics topics;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = KafkaTestCluster.singleBroker();
        settings = KafkaSettings.local(cluster.bootstrapServers());
        topics = Topics.create(settings);
        try (Admin admin = Admin.create(settings.adminConfig("enforcer-it-admin"))) {
            admin.createTopics(topics.newTopics()).all().get();
        }
        producer = new KafkaProducer<>(settings.producerConfig("enforcer-it"), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRebuildFollowOrderAndSurviveBadRecordsOnARealBroker() throws Exception {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(topics.activeBans(), "fail/198.51.100.2", ActiveBan.newBuilder().setJail("fail").setIp("198.51.100.2")
                .setDecisionId("a-2").setSource(BanSource.AUTO).setBannedAt(now).setExpiresAt(now.plusSeconds(600)).build());
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final EnforcerConfig config = EnforcerConfig.load(fleetbanConf());

        try (EnforcerApp app = new EnforcerApp(config, Clock.systemUTC(), new ProcessCommandRunner(Duration.ofSeconds(5)),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            app.start();
            // The entry carries what is left of the 600 s ban, however long the start took.
            assertThat(text(printed)).containsPattern("add fleetban-fail-v4 198\\.51\\.100\\.2 timeout (5[89]\\d|600)\\n");

            send(topics.bans(), "198.51.100.7", ban("198.51.100.7", now));
            await().atMost(AT_MOST).until(() -> text(printed).contains("add fleetban-fail-v4 198.51.100.7 timeout"));
            printMedianBanLatency(printed, now);

            send(topics.unbans(), "198.51.100.7", unban("198.51.100.7", now.plusSeconds(1)));
            await().atMost(AT_MOST).until(() -> text(printed).contains("del fleetban-fail-v4 198.51.100.7"));

            send(topics.unbans(), "198.51.100.9", unban("198.51.100.9", now.plusSeconds(5)));
            producer.send(new ProducerRecord<>(topics.bans().name(), bytes("198.51.100.9"), bytes("not avro"))).get();
            send(topics.bans(), "198.51.100.9", ban("198.51.100.9", now));
            send(topics.bans(), "198.51.100.8", ban("198.51.100.8", now));
            await().atMost(AT_MOST).until(() -> text(printed).contains("add fleetban-fail-v4 198.51.100.8 timeout"));
            assertThat(text(printed)).doesNotContain("add fleetban-fail-v4 198.51.100.9");
            assertThat(app.metrics().count(EnforcerMetrics.RECORDS_UNDECODABLE, topics.bans().name())).isEqualTo(1);
            assertThat(app.metrics().count(EnforcerMetrics.DECISIONS_STALE)).isEqualTo(1);
        }
        assertThat(text(printed)).contains("ipset destroy fleetban-fail-v4");
    }

    /** Sent (acks=all) to applied, fresh IPs, after warm-up: the enforcer's share of the latency budget. */
    private static void printMedianBanLatency(ByteArrayOutputStream printed, Instant now) throws Exception {
        final List<Long> millis = new ArrayList<>();
        for (int i = 10; i < 30; i++) {
            final String ip = "203.0.113." + i;
            final long sent = System.nanoTime();
            send(topics.bans(), ip, ban(ip, now));
            await().atMost(AT_MOST).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> text(printed).contains("add fleetban-fail-v4 " + ip + " timeout"));
            millis.add((System.nanoTime() - sent) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.printf("enforcer IT: send-to-applied median %d ms, max %d ms over %d bans%n",
                millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis.size());
    }

    private Path fleetbanConf() throws Exception {
        final Path seed = Path.of("..", "examples").toAbsolutePath().normalize();
        return Files.writeString(dir.resolve("fleetban.conf"), String.join("\n",
                "[kafka]", "bootstrap.servers = " + cluster.bootstrapServers(), "",
                "[fail2ban]", "config.dir = " + seed, "",
                "[enforcer]", "host.id = it-1", "backend = dry-run", ""));
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), bytes(key),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }

    private static BanDecision ban(String ip, Instant bannedAt) {
        return BanDecision.newBuilder().setDecisionId("b-" + ip).setJail("fail").setIp(ip).setSource(BanSource.AUTO)
                .setReason("5 failures in 600s").setFailures(5).setHosts(List.of("web-1"))
                .setBannedAt(bannedAt).setExpiresAt(bannedAt.plusSeconds(600)).build();
    }

    private static Unban unban(String ip, Instant unbannedAt) {
        return Unban.newBuilder().setDecisionId("u-" + ip).setJail("fail").setIp(ip).setReason(UnbanReason.MANUAL)
                .setUnbannedAt(unbannedAt).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }
}
