package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetban.avro.BanDecision;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static final int ATTACKERS = 8;

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
        CoordinatorInstances.awaitRunning(Duration.ofSeconds(120), () -> api.status(first, "").path("jail").isTextual()
                && api.status(second, "?local=true").path("jail").isTextual(), first, second);

        for (int i = 0; i < ATTACKERS; i++) {
            traffic.offenses("fail", "203.0.113." + (100 + i), "web-a", "web-b", "web-c", "web-a", "web-b");
        }
        List<BanDecision> bans = traffic.readCommitted(topics.bans(), ATTACKERS, "pair-bans");

        assertThat(bans).extracting(BanDecision::getIp).doesNotHaveDuplicates().hasSize(ATTACKERS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.status(first, "").path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(api.status(second, "").path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(api.status(first, "").path("totalFailed").asLong()).isEqualTo(5L * ATTACKERS);
            long firstShare = api.status(first, "?local=true").path("currentlyBanned").asLong();
            long secondShare = api.status(second, "?local=true").path("currentlyBanned").asLong();
            assertThat(firstShare + secondShare).isEqualTo(ATTACKERS);
        });
        for (BanDecision ban : bans) {
            // Each IP's state lives on one instance; either instance answers for it by forwarding.
            assertThat(api.offender(first, ban.getIp()).path("banned").asBoolean()).as(ban.getIp()).isTrue();
            assertThat(api.offender(second, ban.getIp()).path("banned").asBoolean()).as(ban.getIp()).isTrue();
        }

        coordinators.stop(second);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode status = api.status(first, "");
            assertThat(status.path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalBanned").asLong()).isEqualTo(ATTACKERS);
        });
    }
}
