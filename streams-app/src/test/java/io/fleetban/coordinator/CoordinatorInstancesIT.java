package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetban.avro.BanDecision;
import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.kafka.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinator instances share the partitions: each answers the jail status for the whole fleet (its own share
 * plus the other's, over HTTP), and when one leaves, the other restores its state from the changelog. When one does
 * not answer the other, the answer says it is partial.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CoordinatorInstancesIT {

    private static final int ATTACKERS = 8;
    private static final int PARTIAL_ATTACKERS = 6;

    @TempDir
    Path dir;

    private final JailQueryClient api = new JailQueryClient("fail");

    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldSumStatusOverInstancesAndSurviveTheLossOfOne() throws Exception {
        CoordinatorInstances coordinators = CoordinatorInstances.onOwnBroker(resources, dir, "pair");
        Topics topics = Topics.create(coordinators.kafka());
        TopicTraffic traffic = new TopicTraffic(coordinators.kafka(), topics);
        CoordinatorApp first = coordinators.start("first");
        CoordinatorApp second = coordinators.start("second");
        CoordinatorInstances.awaitRunning(
                Duration.ofSeconds(120),
                () -> api.status(first, "").path("jail").isTextual()
                        && api.status(second, "?local=true").path("jail").isTextual(),
                first,
                second);

        for (int i = 0; i < ATTACKERS; i++) {
            traffic.offenses("fail", "203.0.113." + (100 + i), "web-a", "web-b", "web-c", "web-a", "web-b");
        }
        List<BanDecision> bans = traffic.readCommitted(topics.bans(), ATTACKERS, "pair-bans");

        assertThat(bans).extracting(BanDecision::getIp).doesNotHaveDuplicates().hasSize(ATTACKERS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.status(first, "").path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(api.status(second, "").path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(api.status(first, "").path("totalFailed").asLong()).isEqualTo(5L * ATTACKERS);
            long firstShare =
                    api.status(first, "?local=true").path("currentlyBanned").asLong();
            long secondShare =
                    api.status(second, "?local=true").path("currentlyBanned").asLong();
            assertThat(firstShare + secondShare).isEqualTo(ATTACKERS);
        });
        for (BanDecision ban : bans) {
            // Each IP's state lives on one instance; either instance answers for it by forwarding.
            assertThat(api.offender(first, ban.getIp()).path("banned").asBoolean())
                    .as(ban.getIp())
                    .isTrue();
            assertThat(api.offender(second, ban.getIp()).path("banned").asBoolean())
                    .as(ban.getIp())
                    .isTrue();
        }

        coordinators.stop(second);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode status = api.status(first, "");
            assertThat(status.path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalBanned").asLong()).isEqualTo(ATTACKERS);
        });
    }

    /**
     * The second instance unreachable at the address it advertises (a firewall, a wrong {@code http.advertised}): the
     * first answers the jail status and the ban list with its own share and says that it is partial, instead of
     * passing its share off as the fleet's.
     */
    @Test
    void shouldSayWhichShareIsMissingWhenAnInstanceDoesNotAnswer() throws Exception {
        CoordinatorInstances coordinators = CoordinatorInstances.onOwnBroker(resources, dir, "partial");
        Topics topics = Topics.create(coordinators.kafka());
        TopicTraffic traffic = new TopicTraffic(coordinators.kafka(), topics);
        ListenAddress unreachable = new ListenAddress("127.0.0.1", closedPort());
        CoordinatorApp first = coordinators.start("first");
        CoordinatorApp second = startAdvertising(coordinators, unreachable);
        awaitRunning(first, second);

        for (int i = 0; i < PARTIAL_ATTACKERS; i++) {
            traffic.offenses("fail", "203.0.113." + (150 + i), "web-a", "web-b", "web-c", "web-a", "web-b");
        }
        traffic.readCommitted(topics.bans(), PARTIAL_ATTACKERS, "partial-bans");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.status(first, "");
            assertThat(status.at("/coverage/partial").asBoolean()).isTrue();
            assertThat(status.at("/coverage/instances").asInt()).isEqualTo(2);
            assertThat(status.at("/coverage/answered").asInt()).isEqualTo(1);
            assertThat(status.at("/coverage/unanswered/0").asText()).contains(unreachable.hostAndPort());
            assertThat(status.path("currentlyBanned").asLong())
                    .isEqualTo(api.status(first, "?local=true")
                            .path("currentlyBanned")
                            .asLong());
            JsonNode bans = api.json(first, "/bans");
            assertThat(bans.at("/coverage/partial").asBoolean()).isTrue();
            assertThat(bans.path("bans").size())
                    .isEqualTo((int) status.path("currentlyBanned").asLong());
        });
    }

    /** Two hosts left on the default http.listen both advertise 127.0.0.1:7070: the answer must say it is partial. */
    @Test
    void shouldSayWhenAnotherInstanceAdvertisesTheSameAddress() throws Exception {
        CoordinatorInstances coordinators = CoordinatorInstances.onOwnBroker(resources, dir, "twins");
        CoordinatorApp first = coordinators.start("first");
        CoordinatorApp second = startAdvertising(coordinators, first.queryAddress());
        awaitRunning(first, second);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.status(first, "");
            assertThat(status.at("/coverage/partial").asBoolean()).isTrue();
            assertThat(status.at("/coverage/unanswered/0").asText())
                    .contains("advertise this one's address " + first.queryAddress());
        });
    }

    /** The instance "second", advertising {@code advertised} as its query address instead of its own. */
    private static CoordinatorApp startAdvertising(CoordinatorInstances coordinators, ListenAddress advertised) {
        return coordinators.start(
                "second",
                new QueryApiOptions(Optional.of(advertised), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** Both RUNNING and the first answering the jail status. */
    private void awaitRunning(CoordinatorApp first, CoordinatorApp second) {
        CoordinatorInstances.awaitRunning(
                Duration.ofSeconds(120),
                () -> api.status(first, "").path("jail").isTextual(),
                first,
                second);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
