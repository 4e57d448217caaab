package io.fleetban.enforcer;

import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.OTHER_CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.OPEN;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.REFUSED;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.SERVER_V4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.enforcer.backend.TwoNamespaceNetwork;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host's enforcer end to end: decisions on a real KRaft broker, the seed jail, the ipset backend driving the
 * firewall of a server namespace. A ban from Kafka refuses the client's connections to port 8000, a ban of the
 * server's own address is refused by the guard, and an unban from Kafka lets the client in again.
 */
@Tag("integration")
@Timeout(180)
class EnforcerAppNamespaceIT {

    private static final Duration AT_MOST = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void shouldEnforceBansAndUnbansFromKafkaInTheServersFirewall() throws Exception {
        final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
        assumeTrue(host.run(List.of("id", "-u"), "").stdout().strip().equals("0"), "needs root");
        assumeTrue(host.run(List.of("sh", "-c", "command -v ipset && command -v curl && command -v python3"), "")
                .succeeded(), "ipset, curl or python3 missing");
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker();
             TwoNamespaceNetwork network = TwoNamespaceNetwork.create()) {
            final Topics topics = Topics.create(KafkaSettings.local(cluster.bootstrapServers()));
            try (Admin admin = Admin.create(KafkaSettings.local(cluster.bootstrapServers()).adminConfig("it-admin"))) {
                admin.createTopics(topics.newTopics()).all().get();
            }
            network.listen(8000);
            await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, 8000) == OPEN);
            final EnforcerConfig config = EnforcerConfig.load(fleetbanConf(cluster.bootstrapServers()));
            final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            try (EnforcerApp app = new EnforcerApp(config, Clock.systemUTC(), network.serverRunner(),
                         new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                         KafkaSettings.local(cluster.bootstrapServers()).producerConfig("it"),
                         new ByteArraySerializer(), new ByteArraySerializer())) {
                app.start();

                send(producer, topics.bans(), ban(SERVER_V4, now));
                send(producer, topics.bans(), ban(CLIENT_V4, now));
                await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, 8000) == REFUSED);
                assertThat(network.connect(OTHER_CLIENT_V4, 8000)).isEqualTo(OPEN);
                assertThat(app.metrics().count(EnforcerMetrics.BANS_REFUSED, "OWN_ADDRESS")).isEqualTo(1);

                send(producer, topics.unbans(), Unban.newBuilder().setDecisionId("u").setJail("fail").setIp(CLIENT_V4)
                        .setReason(UnbanReason.MANUAL).setUnbannedAt(now.plusSeconds(1)).build());
                await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, 8000) == OPEN);
            }
            assertThat(network.operator("ipset", "list", "-n")).isEmpty();
        }
    }

    private Path fleetbanConf(String bootstrap) throws Exception {
        final Path seed = Path.of("..", "examples").toAbsolutePath().normalize();
        return Files.writeString(dir.resolve("fleetban.conf"), String.join("\n",
                "[kafka]", "bootstrap.servers = " + bootstrap, "",
                "[fail2ban]", "config.dir = " + seed, "",
                "[enforcer]", "host.id = web-a", "backend = ipset", ""));
    }

    private static BanDecision ban(String ip, Instant bannedAt) {
        return BanDecision.newBuilder().setDecisionId("b-" + ip).setJail("fail").setIp(ip).setSource(BanSource.AUTO)
                .setReason("5 failures").setFailures(5).setHosts(List.of("web-a")).setBannedAt(bannedAt)
                .setExpiresAt(bannedAt.plusSeconds(60)).build();
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), "k".getBytes(StandardCharsets.UTF_8),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }
}
