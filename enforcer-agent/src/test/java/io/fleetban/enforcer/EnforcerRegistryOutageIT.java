package io.fleetban.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.SchemaRegistryDouble;
import io.fleetban.testkit.TutorialJail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
 * A Schema Registry outage loses no decision on a real broker: decisions in the Confluent wire format whose writer
 * schema the enforcer has not fetched yet are held while the registry refuses connections or answers 503, and
 * applied once it answers; a record that is really undecodable is still skipped and counted.
 */
@Tag("integration")
@Timeout(180)
class EnforcerRegistryOutageIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static KafkaTestCluster cluster;
    private static SchemaRegistryDouble registry;
    private static Topics writer;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndRegistry() throws Exception {
        cluster = KafkaTestCluster.singleBroker();
        registry = SchemaRegistryDouble.start(1);
        final KafkaSettings settings = KafkaSettings.parse(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "schema.registry.url", registry.url().toString()), "it.conf");
        writer = Topics.create(settings);
        try (Admin admin = Admin.create(settings.adminConfig("registry-outage-it-admin"))) {
            admin.createTopics(writer.newTopics()).all().get();
        }
        producer = new KafkaProducer<>(settings.producerConfig("registry-outage-it"), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void decisionsWrittenDuringAnOutageAreAppliedInOrderWhenTheRegistryAnswersAgain() throws Exception {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Serialized while the registry is up: the writer registers each schema once and caches its id.
        final byte[] firstBan = value(writer.bans(), ban("198.51.100.7", now));
        final byte[] secondBan = value(writer.bans(), ban("198.51.100.8", now.plusMillis(1)));
        final byte[] unban = value(writer.unbans(), unban("198.51.100.7", now.plusSeconds(1)));
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final EnforcerConfig config = EnforcerConfig.load(fleetbanConf());

        try (EnforcerApp app = new EnforcerApp(config, Clock.systemUTC(), new ProcessCommandRunner(Duration.ofSeconds(5)),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            app.start();

            registry.goDown();
            send(writer.bans(), "198.51.100.7", firstBan);
            send(writer.bans(), "198.51.100.8", secondBan);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> !text(printed).contains("198.51.100.7"));
            registry.comeBack();
            await().atMost(AT_MOST).until(() -> text(printed).contains("add fleetban-fail-v4 198.51.100.7 timeout")
                    && text(printed).contains("add fleetban-fail-v4 198.51.100.8 timeout"));

            registry.failNextRequests(1_000_000, 503);
            send(writer.unbans(), "198.51.100.7", unban);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> !text(printed).contains("del fleetban-fail-v4 198.51.100.7"));
            assertThat(registry.requestsTo("GET", "/schemas/ids/2")).as("the unban's schema was asked for").isPositive();
            registry.failNextRequests(0, 503);
            await().atMost(AT_MOST).until(() -> text(printed).contains("del fleetban-fail-v4 198.51.100.7"));
            assertThat(app.metrics().total(EnforcerMetrics.RECORDS_UNDECODABLE)).isZero();

            send(writer.bans(), "198.51.100.9", "not avro".getBytes(StandardCharsets.UTF_8));
            send(writer.bans(), "198.51.100.10", value(writer.bans(), ban("198.51.100.10", now)));
            await().atMost(AT_MOST).until(() -> text(printed).contains("add fleetban-fail-v4 198.51.100.10 timeout"));
            assertThat(app.metrics().count(EnforcerMetrics.RECORDS_UNDECODABLE, writer.bans().name())).isEqualTo(1);
        }
    }

    private Path fleetbanConf() throws Exception {
        return new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", cluster.bootstrapServers())
                .set("kafka", "schema.registry.url", registry.url())
                .set("fail2ban", "config.dir", TutorialJail.examples())
                .set("enforcer", "host.id", "it-registry")
                .set("enforcer", "backend", "dry-run")
                .writeTo(dir.resolve("fleetban.conf"));
    }

    private static <V> byte[] value(Topic<String, V> topic, V value) {
        return topic.valueSerde().serializer().serialize(topic.name(), value);
    }

    private static void send(Topic<String, ?> topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), value)).get();
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

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }
}
