package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.BanDecision;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-broker cluster, every fleetban topic and every Streams internal topic with three replicas and
 * min.insync.replicas 2: losing one broker in the middle of an attack loses no offense (the shipper's acks=all
 * needs two replicas) and no decision (the coordinator's transactions commit on the two that remain).
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ThreeBrokerIT {

    private static final String APPLICATION_ID = "coordinator-three";
    private static final int MAXRETRY = 5;
    private static final int ATTACKERS = 30;
    private static final String MIN_INSYNC = "2";

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldLoseNoDecisionWhenOneOfThreeBrokersDiesMidStream() throws Exception {
        KafkaTestCluster cluster = KafkaTestCluster.brokers(3);
        resources.add(cluster);
        // [kafka] topic.replication.factor = 3; the topic.-prefixed key reaches Streams, which applies it to the
        // changelog and repartition topics it creates.
        KafkaSettings kafka = new KafkaSettings(
                cluster.bootstrapServers(),
                "three.",
                Optional.empty(),
                3,
                3,
                (short) 3,
                Map.of(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), MIN_INSYNC));
        Topics topics = Topics.create(kafka);
        createTopicsWithMinInsync(kafka, topics);
        CoordinatorApp app = new CoordinatorInstances(
                        resources, dir, kafka, TestCoordinatorConfigs.failJail(MAXRETRY), APPLICATION_ID, 0)
                .start("state");
        await().atMost(Duration.ofSeconds(90)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        assertEveryTopicReplicated(kafka, topics);

        StaggeredAttack attack = resources.add(new StaggeredAttack(kafka, topics, ATTACKERS, MAXRETRY));
        CommittedLog log = new CommittedLog(kafka);
        attack.firstHalf();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !log.readAll(topics.bans()).isEmpty());
        cluster.stopBroker(0);
        attack.secondHalf();

        List<BanDecision> bans = log.readAllOnceConsumed(APPLICATION_ID, topics.offenses(), topics.bans());
        assertThat(bans)
                .extracting(BanDecision::getIp)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(attack.attackers());
        assertThat(bans)
                .allSatisfy(ban -> assertThat(ban.getFailures()).as(ban.getIp()).isEqualTo(MAXRETRY));
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    /**
     * Topics.newTopics() sets the replication factor but leaves min.insync.replicas to the broker default (1), under
     * which acks=all is satisfied by a lone leader; an operator sets it per topic, as done here before the
     * coordinator starts (it then finds them and creates nothing).
     */
    private static void createTopicsWithMinInsync(KafkaSettings kafka, Topics topics) throws Exception {
        List<NewTopic> newTopics = topics.newTopics().stream()
                .map(topic -> {
                    Map<String, String> configs = new HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
                    configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, MIN_INSYNC);
                    return new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor())
                            .configs(configs);
                })
                .toList();
        try (Admin admin = Admin.create(kafka.adminConfig("it-topics"))) {
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void assertEveryTopicReplicated(KafkaSettings kafka, Topics topics) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig("it-describe"))) {
            Set<String> names = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith("three.") || name.startsWith(APPLICATION_ID))
                    .collect(Collectors.toSet());
            assertThat(names)
                    .contains(topics.bans().name(), topics.offenses().name())
                    .anyMatch(name -> name.startsWith(APPLICATION_ID) && name.endsWith("-changelog"));
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get();
            assertThat(descriptions.values())
                    .allSatisfy(topic -> assertThat(topic.partitions())
                            .allSatisfy(p ->
                                    assertThat(p.replicas()).as(topic.name()).hasSize(3)));
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                            .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                            .toList())
                    .all()
                    .get();
            assertThat(configs)
                    .allSatisfy((resource, config) -> assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                                    .value())
                            .as(resource.name())
                            .isEqualTo(MIN_INSYNC));
        }
    }
}
