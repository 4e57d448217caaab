package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetban client} against a real coordinator on a real broker, with the tutorial's jail: get, why (counted
 * offenses with their matched lines), a network banned and lifted by CIDR, resume.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientCommandsIT {

    private static final String ATTACKER = "203.0.113.77";

    @TempDir
    static Path dir;

    private static KafkaTestCluster cluster;
    private static CoordinatorApp coordinator;
    private static String bootstrap;
    private static String queryUrl;

    @BeforeAll
    static void startCoordinator() throws Exception {
        cluster = KafkaTestCluster.singleBroker();
        bootstrap = cluster.bootstrapServers();
        Path conf = new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", bootstrap)
                .set("kafka", "topic.partitions", 2)
                .set("fail2ban", "config.dir", TutorialJail.fail2banDir(dir))
                .set("coordinator", "state.dir", dir.resolve("state"))
                .set("coordinator", "http.listen", "127.0.0.1:0")
                .writeTo(dir.resolve("fleetban.conf"));
        coordinator = new CoordinatorApp(CoordinatorConfig.load(conf));
        coordinator.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
        queryUrl = "http://" + coordinator.queryAddress().hostAndPort();
    }

    @AfterAll
    static void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void getPrintsTheJailsSettingsAsFail2banClientDoes() {
        assertThat(client("get", "fail", "maxretry")).isEqualTo("5\n");
        assertThat(client("get", "fail", "findtime")).isEqualTo("600\n");
        assertThat(client("get", "fail", "bantime")).isEqualTo("60\n");
    }

    @Test
    void whyShowsEachCountedOffenseWithItsHostAndMatchedLine() throws Exception {
        Topics topics = Topics.create(KafkaSettings.local(bootstrap));
        try (KafkaProducer<String, Offense> shipper = new KafkaProducer<>(
                KafkaSettings.local(bootstrap).producerConfig("it-shipper"),
                new StringSerializer(),
                topics.offenses().valueSerde().serializer())) {
            for (String host : new String[] {"web-a", "web-b"}) {
                Instant now = Instant.now();
                shipper.send(new ProducerRecord<>(
                                topics.offenses().name(),
                                ATTACKER,
                                Offense.newBuilder()
                                        .setOffenseId(host + ":1")
                                        .setJail("fail")
                                        .setIp(ATTACKER)
                                        .setHostId(host)
                                        .setEventTime(now)
                                        .setIngestTime(now)
                                        .setSource("/var/log/app.log")
                                        .setLine(TutorialJail.line(now, ATTACKER))
                                        .build()))
                        .get();
            }
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client("why", "fail", ATTACKER))
                        .contains(
                                "IP " + ATTACKER + " in jail fail", "banned:      no", "offenses:    2 within findtime")
                        .contains("web-a  ", "web-b  ", " - IP: " + ATTACKER + " - User-Agent: "));
    }

    @Test
    void aNetworkIsBannedAndLiftedByItsCidr() {
        assertThat(client("banip", "fail", "198.51.100.0/24")).isEqualTo("1\n");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(client("why", "fail", "198.51.100.0/24")).contains("source:      MANUAL"));

        client("unbanip", "fail", "198.51.100.0/24");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client("status", "fail")).doesNotContain("198.51.100.0/24"));
    }

    @Test
    void resumeIsAcceptedForEveryPartitionAndStatusShowsNoStoppedValve() {
        assertThat(client("resume", "fail")).isEqualTo("resumed fail\n");
        assertThat(client("status", "fail")).doesNotContain("STOPPED");
    }

    /** Runs {@code fleetban client --bootstrap-server B --coordinator URL args...} and returns what it printed. */
    private static String client(String... args) {
        return ClientRun.client(bootstrap, queryUrl, args);
    }
}
