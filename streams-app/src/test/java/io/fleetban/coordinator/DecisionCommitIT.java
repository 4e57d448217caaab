package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision does not wait for the commit interval: with exactly-once and a commit interval of ten minutes, a ban and
 * its expiry's unban still become readable to read_committed consumers (the enforcers) within seconds, because the
 * ledger asks Kafka Streams for the commit itself. (Each read gives up after a minute, so without that request this
 * test fails.)
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DecisionCommitIT {

    private static final String ATTACKER = "203.0.113.80";
    private static final Duration COMMIT_INTERVAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closing = new ClosingStack();

    @Test
    void shouldCommitABanAndItsUnbanLongBeforeTheCommitInterval() throws Exception {
        KafkaTestCluster cluster = closing.add(KafkaTestCluster.singleBroker());
        KafkaSettings kafka = TestCoordinatorConfigs.kafkaCommittingOnRequest(cluster, "it.", COMMIT_INTERVAL);
        Topics topics = Topics.create(kafka);
        JailRule quick =
                new JailRule("quick", new JailPolicy(2, Duration.ofMinutes(10), Duration.ofSeconds(2)), List.of());
        CoordinatorApp app = closing.add(new CoordinatorApp(TestCoordinatorConfigs.of(
                dir, kafka, JailRules.of(quick), "decision-commit-it", dir.resolve("state"), 0, COMMIT_INTERVAL)));
        app.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        TopicTraffic traffic = new TopicTraffic(kafka, topics);

        traffic.offenses("quick", ATTACKER, "web-a", "web-b");

        List<BanDecision> bans = traffic.readCommitted(topics.bans(), 1, "bans-reader");
        assertThat(bans)
                .singleElement()
                .satisfies(ban -> assertThat(ban.getIp()).isEqualTo(ATTACKER));
        List<Unban> unbans = traffic.readCommitted(topics.unbans(), 1, "unbans-reader");
        assertThat(unbans).singleElement().satisfies(unban -> {
            assertThat(unban.getIp()).isEqualTo(ATTACKER);
            assertThat(unban.getReason()).isEqualTo(UnbanReason.EXPIRED);
        });
    }
}
