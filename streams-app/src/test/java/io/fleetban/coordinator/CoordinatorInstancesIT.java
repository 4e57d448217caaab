package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.BanDecision;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinator instances share the partitions: each answers the jail status for the whole fleet (its own share
 * plus the other's, over HTTP), and when one leaves, the other restores its state from the changelog.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CoordinatorInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTACKERS = 8;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldSumStatusOverInstancesAndSurviveTheLossOfOne() throws Exception {
        KafkaTestCluster cluster = KafkaTestCluster.singleBroker();
        resources.add(cluster);
        KafkaSettings kafka = new KafkaSettings(cluster.bootstrapServers(), "pair.", Optional.empty(), 4, (short) 1,
                Map.of());
        Topics topics = Topics.create(kafka);
        TopicTraffic traffic = new TopicTraffic(kafka, topics);
        CoordinatorApp first = start(kafka, "first");
        CoordinatorApp second = start(kafka, "second");
        await().atMost(Duration.ofSeconds(120)).until(() -> first.state() == KafkaStreams.State.RUNNING
                && second.state() == KafkaStreams.State.RUNNING && status(first, "").path("jail").isTextual()
                && status(second, "?local=true").path("jail").isTextual());

        for (int i = 0; i < ATTACKERS; i++) {
            traffic.offenses("fail", "203.0.113." + (100 + i), "web-a", "web-b", "web-c", "web-a", "web-b");
        }
        List<BanDecision> bans = traffic.readCommitted(topics.bans(), ATTACKERS, "pair-bans");

        assertThat(bans).extracting(BanDecision::getIp).doesNotHaveDuplicates().hasSize(ATTACKERS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status(first, "").path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status(second, "").path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status(first, "").path("totalFailed").asLong()).isEqualTo(5L * ATTACKERS);
            long firstShare = status(first, "?local=true").path("currentlyBanned").asLong();
            long secondShare = status(second, "?local=true").path("currentlyBanned").asLong();
            assertThat(firstShare + secondShare).isEqualTo(ATTACKERS);
        });
        for (BanDecision ban : bans) {
            // Each IP's state lives on one instance; either instance answers for it by forwarding.
            assertThat(offender(first, ban.getIp()).path("banned").asBoolean()).as(ban.getIp()).isTrue();
            assertThat(offender(second, ban.getIp()).path("banned").asBoolean()).as(ban.getIp()).isTrue();
        }

        second.close();
        resources.remove(second);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode status = status(first, "");
            assertThat(status.path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalBanned").asLong()).isEqualTo(ATTACKERS);
        });
    }

    private CoordinatorApp start(KafkaSettings kafka, String name) {
        JailRule fail = new JailRule("fail", new JailPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(10)),
                List.of());
        CoordinatorConfig config = TestCoordinatorConfigs.of(dir, kafka, JailPolicies.of(fail), "coordinator-pair", dir.resolve(name), 0);
        CoordinatorApp app = new CoordinatorApp(config);
        resources.add(app);
        app.start();
        return app;
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
