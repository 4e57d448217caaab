package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator on a real (in-process KRaft) broker with exactly-once: offenses in, a committed ban out, the
 * query API answering over HTTP, bans expiring on the wall clock, bad records to the dead-letter topic.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CoordinatorAppIT {

    private static final String ATTACKER = "203.0.113.50";
    private static final String QUICK_ATTACKER = "203.0.113.51";
    private static final String OTHER_ATTACKER = "203.0.113.52";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDir;

    private static KafkaTestCluster cluster;
    private static Topics topics;
    private static KafkaSettings kafka;
    private static CoordinatorApp app;
    private static TopicTraffic traffic;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCoordinator() {
        cluster = KafkaTestCluster.singleBroker();
        kafka = TestCoordinatorConfigs.kafka(cluster, "it.", 2);
        topics = Topics.create(kafka);
        traffic = new TopicTraffic(kafka, topics);
        JailRule fail = new JailRule(
                "fail",
                new JailPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60)),
                List.of(IpRange.parse("10.0.0.0/8")));
        JailRule quick =
                new JailRule("quick", new JailPolicy(2, Duration.ofMinutes(10), Duration.ofSeconds(2)), List.of());
        JailRule v6 = new JailRule(
                "v6",
                new JailPolicy(
                        3,
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(60),
                        BanTimeIncrement.OFF,
                        new FleetPolicy(1, OptionalInt.empty(), 64, Optional.empty())),
                List.of());
        JailRule net = new JailRule(
                "net",
                new JailPolicy(
                        1,
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(60),
                        BanTimeIncrement.OFF,
                        new FleetPolicy(
                                1,
                                OptionalInt.empty(),
                                128,
                                Optional.empty(),
                                Optional.of(new PrefixEscalation(2, 24, 64, Optional.empty())))),
                List.of());
        CoordinatorConfig config = TestCoordinatorConfigs.of(
                stateDir, kafka, JailRules.of(fail, quick, net, v6), "coordinator-it", stateDir.resolve("state"), 0);
        app = new CoordinatorApp(config);
        app.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> app.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stopCoordinator() {
        if (app != null) {
            app.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldBanAfterFiveOffensesAndAnswerStatusOverHttp() throws Exception {
        traffic.offenses("fail", ATTACKER, "web-a", "web-a", "web-a", "web-a", "web-b");

        List<BanDecision> bans = traffic.readCommitted(
                topics.bans(), 1, "bans-reader", ban -> ban.getJail().equals("fail"));
        assertThat(bans).singleElement().satisfies(ban -> {
            assertThat(ban.getIp()).isEqualTo(ATTACKER);
            assertThat(ban.getJail()).isEqualTo("fail");
            assertThat(ban.getFailures()).isEqualTo(5);
            assertThat(ban.getHosts()).containsExactly("web-a", "web-b");
        });

        JsonNode status = getJson("/jails/fail/status", 200);
        assertThat(status.get("jail").asText()).isEqualTo("fail");
        assertThat(status.get("currentlyBanned").asLong()).isEqualTo(1);
        assertThat(status.get("totalBanned").asLong()).isEqualTo(1);
        assertThat(status.get("totalFailed").asLong()).isEqualTo(5);
        assertThat(status.get("currentlyFailed").asLong()).isZero();
        assertThat(status.get("bannedIps")).extracting(JsonNode::asText).containsExactly(ATTACKER);

        JsonNode listed = getJson("/bans", 200);
        assertThat(listed.findValuesAsText("ip")).contains(ATTACKER);
        assertThat(getJson("/jails/fail", 200).get("maxretry").asInt()).isEqualTo(5);
        assertThat(getJson("/jails/nope/status", 404).get("error").asText()).contains("nope");
        JsonNode offender = getJson("/jails/fail/ips/" + ATTACKER, 200);
        assertThat(offender.get("banned").asBoolean()).isTrue();
        assertThat(offender.get("hosts")).extracting(JsonNode::asText).containsExactly("web-a", "web-b");
        assertThat(offender.get("reason").asText()).contains("5 failures");
        traffic.offenses("fail", OTHER_ATTACKER, "web-a", "web-b");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode offenses =
                    getJson("/jails/fail/ips/" + OTHER_ATTACKER, 200).get("offenses");
            assertThat(offenses)
                    .as("counted, not banned yet: each offense with its matched line")
                    .hasSize(2);
            assertThat(offenses.get(0).get("line").asText()).contains("IP: " + OTHER_ATTACKER);
        });

        assertThat(getJson("/health", 200).get("status").asText()).isEqualTo("UP");
        // Offenses in and bans out are Kafka Streams' own per-topic metrics, bound through Micrometer; at least
        // five, as the class shares one app and the other tests add their own offenses.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(app.scrape()
                                .lines()
                                .filter(line -> line.startsWith("kafka_stream_topic_records_consumed_total{"))
                                .filter(line -> line.contains(
                                        "topic=\"" + topics.offenses().name() + "\""))
                                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                                .sum())
                        .isGreaterThanOrEqualTo(5.0));
        assertThat(app.scrape())
                .contains("kafka_stream_topic_records_produced_total{")
                .contains("topic=\"" + topics.bans().name() + "\"")
                .doesNotContain(ATTACKER);
    }

    @Test
    void shouldUnbanWhenBantimeRunsOut() throws Exception {
        traffic.offenses("quick", QUICK_ATTACKER, "web-a", "web-b");

        List<Unban> unbans = traffic.readCommitted(
                topics.unbans(), 1, "unbans-reader", unban -> unban.getJail().equals("quick"));

        assertThat(unbans).singleElement().satisfies(unban -> {
            assertThat(unban.getIp()).isEqualTo(QUICK_ATTACKER);
            assertThat(unban.getReason()).isEqualTo(UnbanReason.EXPIRED);
        });
    }

    @Test
    void shouldEscalateTwoBannedAddressesOfOneNetworkToANetworkBan() throws Exception {
        traffic.offenses("net", "198.51.100.1", "web-a");
        traffic.offenses("net", "198.51.100.2", "web-b");

        List<BanDecision> bans = traffic.readCommitted(
                topics.bans(), 1, "escalation-reader", ban -> ban.getSource() == BanSource.ESCALATION);

        assertThat(bans).singleElement().satisfies(ban -> {
            assertThat(ban.getIp()).isEqualTo("198.51.100.0/24");
            assertThat(ban.getJail()).isEqualTo("net");
            assertThat(ban.getReason()).contains("198.51.100.1", "198.51.100.2");
        });
        JsonNode network = getJson("/jails/net/ips/198.51.100.0%2F24", 200);
        assertThat(network.get("banned").asBoolean()).isTrue();
        assertThat(network.get("source").asText()).isEqualTo("ESCALATION");
        assertThat(app.scrape()).contains("fleetban_coordinator_bans_total{jail=\"net\",source=\"escalation\"} 1.0");
    }

    @Test
    void shouldCountOneIpv6NetworksOffensesTogetherAcrossPartitions() throws Exception {
        List<String> addresses = List.of("2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1::4");
        assertThat(addresses.stream()
                        .map(ip -> BuiltInPartitioner.partitionForKey(ip.getBytes(StandardCharsets.UTF_8), 2))
                        .distinct()
                        .count())
                .as("the default partitioner would split these addresses over both partitions")
                .isEqualTo(2);

        for (String address : addresses) {
            traffic.offenses("v6", address, "web-a");
        }

        List<BanDecision> bans = traffic.readCommitted(
                topics.bans(), 1, "v6-reader", ban -> ban.getJail().equals("v6"));
        assertThat(bans).singleElement().satisfies(ban -> {
            assertThat(ban.getIp()).isEqualTo("2001:db8:7:1::/64");
            assertThat(ban.getFailures()).isEqualTo(3);
        });
        assertThat(getJson("/jails/v6/ips/2001:db8:7:1::%2F64", 200)
                        .get("banned")
                        .asBoolean())
                .isTrue();
        JsonNode byAddress = getJson("/jails/v6/ips/2001:db8:7:1::4", 200);
        assertThat(byAddress.get("ip").asText())
                .as("an address is asked about as what the jail counts it as")
                .isEqualTo("2001:db8:7:1::/64");
        assertThat(byAddress.get("banned").asBoolean()).isTrue();
    }

    @Test
    void shouldSkipAnUndecodableOffenseToTheDeadLetterTopic() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.producerConfig("it-garbage"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.offenses().name(),
                            "198.51.100.1".getBytes(StandardCharsets.UTF_8),
                            new byte[] {0x42, 0x42}))
                    .get();
        }

        List<byte[]> dead = traffic.readCommitted(topics.deadLetter(), 1, "dead-letter-reader");

        assertThat(dead).singleElement().isEqualTo(new byte[] {0x42, 0x42});
        assertThat(app.deserializationFailures()).isEqualTo(1);
        assertThat(app.scrape()).contains("fleetban_coordinator_records_dead_lettered_total 1.0");
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private JsonNode getJson(String path, int expectedStatus) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + app.queryAddress().hostAndPort() + path);
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("status of %s: %s", path, response.body())
                .isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
