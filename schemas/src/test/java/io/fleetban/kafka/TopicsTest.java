package io.fleetban.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsTest {

    private final Topics topics =
            Topics.create(new KafkaSettings("b:9092", "test.", Optional.empty(), 4, 2, (short) 3, Map.of()));

    @Test
    void topicNamesCarryThePrefix() {
        assertThat(topics.offenses().name()).isEqualTo("test.offenses");
        assertThat(topics.bans().name()).isEqualTo("test.bans");
        assertThat(topics.unbans().name()).isEqualTo("test.unbans");
        assertThat(topics.activeBans().name()).isEqualTo("test.active-bans");
        assertThat(topics.commands().name()).isEqualTo("test.commands");
        assertThat(topics.deadLetter().name()).isEqualTo("test.dead-letter");
        assertThat(topics.enforcerStatus().name()).isEqualTo("test.enforcer-status");
    }

    @Test
    void newTopicsHaveTheConfiguredPartitionsAndReplicationAndOnlyActiveBansAndEnforcerStatusAreCompacted() {
        assertThat(topics.newTopics())
                .extracting(NewTopic::name)
                .containsExactly(
                        "test.offenses",
                        "test.bans",
                        "test.unbans",
                        "test.active-bans",
                        "test.commands",
                        "test.dead-letter",
                        "test.enforcer-status");
        assertThat(topics.newTopics()).allSatisfy(topic -> {
            final boolean decisions =
                    topic.name().equals("test.bans") || topic.name().equals("test.unbans");
            assertThat(topic.numPartitions()).as(topic.name()).isEqualTo(decisions ? 2 : 4);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        });
        assertThat(topics.newTopics())
                .filteredOn(topic -> "compact".equals(topic.configs().get("cleanup.policy")))
                .extracting(NewTopic::name)
                .containsExactly("test.active-bans", "test.enforcer-status");
    }

    @Test
    void newTopicsWithThreeReplicasNeedTwoInSyncSoABrokerLossLosesNoDecision() {
        assertThat(topics.newTopics())
                .allSatisfy(topic -> assertThat(topic.configs()).containsEntry("min.insync.replicas", "2"));
        final Topics single = Topics.create(KafkaSettings.local("b:9092"));
        assertThat(single.newTopics())
                .allSatisfy(topic -> assertThat(topic.configs()).doesNotContainKey("min.insync.replicas"));
    }

    @Test
    void offenseTopicSerdesRoundTripKeyAndValue() {
        Offense offense = Offense.newBuilder()
                .setOffenseId("o")
                .setJail("fail")
                .setIp("198.51.100.9")
                .setHostId("web-2")
                .setEventTime(Instant.ofEpochMilli(1))
                .setIngestTime(Instant.ofEpochMilli(2))
                .setSource("/tmp/fail.log")
                .setLine("2026-11-25 13:00:00 - IP: 198.51.100.9 - User-Agent: curl")
                .build();
        var topic = topics.offenses();

        byte[] key = topic.keySerde().serializer().serialize(topic.name(), "198.51.100.9");
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), offense);

        assertThat(new String(key, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("198.51.100.9");
        assertThat(value[0]).isEqualTo((byte) 0xC3);
        assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), value))
                .isEqualTo(offense);
    }

    @Test
    void anAgentKeepsTheRegistrysAnswersInTheSchemaCacheBelowItsStateDir(@TempDir Path stateDir) throws IOException {
        try (SchemaRegistryDouble registry = SchemaRegistryDouble.start(1)) {
            Topics agent = Topics.createWithStateDir(
                    new KafkaSettings("b:9092", "test.", Optional.of(registry.url()), 1, 1, (short) 1, Map.of()),
                    stateDir);

            agent.bans()
                    .valueSerde()
                    .serializer()
                    .serialize(
                            agent.bans().name(),
                            BanDecision.newBuilder()
                                    .setDecisionId("d")
                                    .setJail("fail")
                                    .setIp("198.51.100.9")
                                    .setSource(BanSource.AUTO)
                                    .setReason("r")
                                    .setFailures(5)
                                    .setHosts(List.of("web-1"))
                                    .setBannedAt(Instant.ofEpochMilli(1))
                                    .setExpiresAt(Instant.ofEpochMilli(2))
                                    .build());

            assertThat(Topics.schemaCacheDirectory(stateDir))
                    .isEqualTo(stateDir.resolve("schema-cache"))
                    .isDirectoryContaining(Files::isRegularFile);
        }
    }

    @Test
    void activeBanKeyIsJailSlashIp() {
        assertThat(Topics.activeBanKey("fail", "203.0.113.7")).isEqualTo("fail/203.0.113.7");
        assertThat(Topics.activeBanKey("sshd", "2001:db8::/64")).isEqualTo("sshd/2001:db8::/64");
    }

    @Test
    void activeBanKeyRefusesAJailThatWouldMakeTheKeyAmbiguous() {
        assertThatThrownBy(() -> Topics.activeBanKey("a/b", "203.0.113.7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/b");
        assertThatThrownBy(() -> Topics.activeBanKey("", "203.0.113.7")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.activeBanKey("fail", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
