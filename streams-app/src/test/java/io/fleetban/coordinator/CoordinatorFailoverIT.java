package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing one of two exactly-once coordinator instances in the middle of an attack: every attacker is banned exactly
 * once (an offense counted by the lost instance but not committed is counted again by the survivor, never twice),
 * the survivor takes over, and an instance restarted on an empty state directory rebuilds the counts from the
 * changelog alone.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CoordinatorFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION_ID = "coordinator-failover";
    private static final int MAXRETRY = 5;
    private static final int ATTACKERS = 40;
    /** Attacker i starts at round i and offends once a round, so each crosses maxretry at its own round. */
    private static final int ROUNDS = ATTACKERS + MAXRETRY - 1;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldBanEveryAttackerExactlyOnceWhenAnInstanceIsLostMidStream() throws Exception {
        KafkaTestCluster cluster = KafkaTestCluster.singleBroker();
        resources.add(cluster);
        KafkaSettings kafka = new KafkaSettings(cluster.bootstrapServers(), "failover.", Optional.empty(), 4,
                (short) 1, Map.of());
        Topics topics = Topics.create(kafka);
        KafkaProducer<String, Offense> shipper = new KafkaProducer<>(kafka.producerConfig("it-shipper"),
                new StringSerializer(), topics.offenses().valueSerde().serializer());
        resources.add(shipper);
        CommittedLog log = new CommittedLog(kafka);
        CoordinatorApp survivor = start(kafka, "survivor");
        CoordinatorApp lost = start(kafka, "lost");
        await().atMost(Duration.ofSeconds(90)).until(() -> survivor.state() == KafkaStreams.State.RUNNING
                && lost.state() == KafkaStreams.State.RUNNING && localBanned(lost) >= 0 && localBanned(survivor) >= 0);

        for (int round = 0; round < ROUNDS / 2; round++) {
            offendRound(shipper, topics, round);
        }
        // Some attackers are banned, others are half-way to maxretry on both instances' partitions.
        await().atMost(Duration.ofSeconds(30)).until(() -> localBanned(lost) > 0 && localBanned(survivor) > 0);
        lost.close();
        resources.remove(lost);
        for (int round = ROUNDS / 2; round < ROUNDS; round++) {
            offendRound(shipper, topics, round);
        }

        log.awaitConsumed(APPLICATION_ID, topics.offenses().name());
        List<BanDecision> bans = log.readAll(topics.bans());
        assertThat(bans).extracting(BanDecision::getIp).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(attackers());
        assertThat(bans).allSatisfy(ban -> assertThat(ban.getFailures()).as(ban.getIp()).isEqualTo(MAXRETRY));
        assertCounts(survivor, "");

        CoordinatorApp restarted = start(kafka, "restarted");
        await().atMost(Duration.ofSeconds(90)).until(() -> restarted.state() == KafkaStreams.State.RUNNING);
        assertCounts(restarted, "");
        survivor.close();
        resources.remove(survivor);
        // Alone now, on a state directory that never saw an offense: every count it answers came from the changelog.
        await().atMost(Duration.ofSeconds(90)).until(() -> localBanned(restarted) == ATTACKERS);
        assertCounts(restarted, "?local=true");
        for (String ip : attackers()) {
            assertThat(offender(restarted, ip).path("banned").asBoolean()).as(ip).isTrue();
        }
        assertThat(log.readAll(topics.bans())).as("decisions after the restart").hasSize(ATTACKERS);
    }

    @Test
    void shouldBanEveryAttackerExactlyOnceWhenAnInstanceIsKilledMidStream() throws Exception {
        KafkaTestCluster cluster = KafkaTestCluster.singleBroker();
        resources.add(cluster);
        KafkaSettings kafka = new KafkaSettings(cluster.bootstrapServers(), "killed.", Optional.empty(), 4,
                (short) 1, Map.of());
        Topics topics = Topics.create(kafka);
        KafkaProducer<String, Offense> shipper = new KafkaProducer<>(kafka.producerConfig("it-shipper"),
                new StringSerializer(), topics.offenses().valueSerde().serializer());
        resources.add(shipper);
        CommittedLog log = new CommittedLog(kafka);
        CoordinatorApp survivor = start(kafka, "survivor");
        await().atMost(Duration.ofSeconds(60)).until(() -> survivor.state() == KafkaStreams.State.RUNNING);
        Process killed = startInOwnJvm(kafka.bootstrapServers(), kafka.topicPrefix(), dir.resolve("killed"));
        try (Admin admin = Admin.create(kafka.adminConfig("it-group"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> stableWithTwoMembers(admin)
                    && survivor.state() == KafkaStreams.State.RUNNING);
        }

        for (int round = 0; round < ROUNDS / 2; round++) {
            offendRound(shipper, topics, round);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !log.readAll(topics.bans()).isEmpty());
        // SIGKILL: its open transaction is neither committed nor aborted, and it never leaves the group.
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (int round = ROUNDS / 2; round < ROUNDS; round++) {
            offendRound(shipper, topics, round);
        }

        log.awaitConsumed(APPLICATION_ID, topics.offenses().name());
        List<BanDecision> bans = log.readAll(topics.bans());
        assertThat(bans).extracting(BanDecision::getIp).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(attackers());
        assertThat(bans).allSatisfy(ban -> assertThat(ban.getFailures()).as(ban.getIp()).isEqualTo(MAXRETRY));
        assertCounts(survivor, "?local=true");
    }

    private Process startInOwnJvm(String bootstrap, String prefix, Path stateDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fleetban.avro", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), KilledCoordinator.class.getName(),
                bootstrap, prefix, APPLICATION_ID, stateDir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        resources.add(process::destroyForcibly);
        return process;
    }

    private static boolean stableWithTwoMembers(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
                .describedGroups().get(APPLICATION_ID).get();
        return group.groupState() == GroupState.STABLE && group.members().size() == 2;
    }

    /** One offense from every attacker active in this round, from a host that changes with the round. */
    private static void offendRound(KafkaProducer<String, Offense> shipper, Topics topics, int round)
            throws Exception {
        String host = "web-" + (round % 7);
        for (int attacker = Math.max(0, round - MAXRETRY + 1); attacker <= Math.min(round, ATTACKERS - 1);
                attacker++) {
            String ip = ip(attacker);
            Instant now = Instant.now();
            Offense offense = Offense.newBuilder().setOffenseId(host + ":fail:" + ip + ":" + round).setJail("fail")
                    .setIp(ip).setHostId(host).setEventTime(now).setIngestTime(now).setSource("/tmp/fail.log")
                    .setLine(now + " - IP: " + ip + " - User-Agent: it").build();
            shipper.send(new ProducerRecord<>(topics.offenses().name(), ip, offense)).get();
        }
    }

    private void assertCounts(CoordinatorApp app, String query) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = status(app, query);
            assertThat(status.path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalFailed").asLong()).isEqualTo((long) MAXRETRY * ATTACKERS);
        });
    }

    private static List<String> attackers() {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            ips.add(ip(i));
        }
        return ips;
    }

    private static String ip(int attacker) {
        return "198.51.100." + (10 + attacker);
    }

    private CoordinatorApp start(KafkaSettings kafka, String name) {
        JailRule fail = new JailRule("fail",
                new JailPolicy(MAXRETRY, Duration.ofMinutes(10), Duration.ofMinutes(10)), List.of());
        CoordinatorConfig config = TestCoordinatorConfigs.of(dir, kafka, JailPolicies.of(fail), APPLICATION_ID, dir.resolve(name), 1);
        CoordinatorApp app = new CoordinatorApp(config);
        resources.add(app);
        app.start();
        return app;
    }

    /** Bans this instance holds itself; -1 while it does not answer. */
    private long localBanned(CoordinatorApp app) throws Exception {
        JsonNode status = status(app, "?local=true");
        return status.path("jail").isTextual() ? status.path("currentlyBanned").asLong() : -1;
    }

    private JsonNode offender(CoordinatorApp app, String ip) throws Exception {
        URI uri = URI.create("http://" + app.queryAddress().hostAndPort() + "/jails/fail/ips/" + ip);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("offender %s: %s", ip, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The status of jail "fail" from one instance; an empty node while it answers anything but 200. */
    private JsonNode status(CoordinatorApp app, String query) throws Exception {
        URI uri = URI.create("http://" + app.queryAddress().hostAndPort() + "/jails/fail/status" + query);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }
}
