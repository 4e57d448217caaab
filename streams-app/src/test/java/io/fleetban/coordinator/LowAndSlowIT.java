package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed low-and-slow attack, fail2ban's blind spot: one attacker tries each of 50 hosts once within
 * findtime. Every host's own fail2ban sees one failure (maxretry 5 is never reached anywhere), while the coordinator
 * sees the fleet's 50 and bans the attacker once, for every host.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LowAndSlowIT {

    private static final String JAIL = "sshd";
    private static final String ATTACKER = "203.0.113.77";
    private static final int HOSTS = 50;
    private static final JailRule RULE =
            new JailRule(JAIL, new JailPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(10)), List.of());

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldBanFleetWideWhatNoSingleHostCouldBan() throws Exception {
        List<String> hosts =
                IntStream.rangeClosed(1, HOSTS).mapToObj(i -> "web-" + i).toList();

        FleetRun fleet = runFleet(hosts);
        // What each host's own jail would have seen: the offenses it published, nothing else.
        Map<String, List<Offense>> publishedByHost =
                fleet.offenses().stream().collect(Collectors.groupingBy(Offense::getHostId));
        int worstHost =
                publishedByHost.values().stream().mapToInt(List::size).max().orElseThrow();
        long bansByLoneHosts = hostsWhoseOwnJailBans(publishedByHost);

        assertThat(publishedByHost).as("hosts that reported the attacker").containsOnlyKeys(hosts);
        assertThat(worstHost)
                .as("offenses any single host published")
                .isLessThan(RULE.policy().maxRetry());
        assertThat(bansByLoneHosts).as("hosts whose own jail bans the attacker").isZero();
        assertThat(fleet.bans()).singleElement().satisfies(ban -> {
            assertThat(ban.getIp()).isEqualTo(ATTACKER);
            assertThat(ban.getJail()).isEqualTo(JAIL);
            assertThat(ban.getFailures()).isEqualTo(RULE.policy().maxRetry());
            assertThat(ban.getHosts()).hasSize(RULE.policy().maxRetry());
        });
    }

    /** What the fleet published and what the coordinator decided. */
    private record FleetRun(List<Offense> offenses, List<BanDecision> bans) {}

    /**
     * Each host's offenses given to that host's own jail alone: the ban topology with one jail per host (same policy),
     * each fed only its host's offenses at their own times. Returns how many of those jails ban.
     */
    private long hostsWhoseOwnJailBans(Map<String, List<Offense>> publishedByHost) {
        Topics topics = Topics.create(KafkaSettings.local("unused:9092"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lone-hosts");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("lone").toString());
        JailRules ownJails = JailRules.of(publishedByHost.keySet().stream()
                .map(host -> new JailRule(ownJail(host), RULE.policy(), RULE.ignoreIp()))
                .toArray(JailRule[]::new));
        try (TopologyTestDriver driver =
                new TopologyTestDriver(BanTopology.build(ownJails, topics), props, Instant.now())) {
            TestInputTopic<String, Offense> offenses = driver.createInputTopic(
                    topics.offenses().name(),
                    new StringSerializer(),
                    topics.offenses().valueSerde().serializer());
            TestOutputTopic<String, BanDecision> bans = driver.createOutputTopic(
                    topics.bans().name(),
                    new StringDeserializer(),
                    topics.bans().valueSerde().deserializer());
            publishedByHost.forEach((host, published) -> published.forEach(offense -> offenses.pipeInput(
                    offense.getIp(),
                    Offense.newBuilder(offense).setJail(ownJail(host)).build(),
                    offense.getEventTime())));
            return bans.readValuesToList().stream()
                    .map(BanDecision::getJail)
                    .distinct()
                    .count();
        }
    }

    private static String ownJail(String host) {
        return JAIL + "-" + host;
    }

    /** The 50 attempts, one per host, through a real broker and a running coordinator. */
    private FleetRun runFleet(List<String> hosts) throws Exception {
        KafkaTestCluster cluster = resources.add(KafkaTestCluster.singleBroker());
        KafkaSettings kafka = TestCoordinatorConfigs.kafka(cluster, "slow.", 2);
        Topics topics = Topics.create(kafka);
        CoordinatorApp app = new CoordinatorInstances(resources, dir, kafka, JailRules.of(RULE), "coordinator-slow", 0)
                .start("state");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        TopicTraffic traffic = new TopicTraffic(kafka, topics);
        traffic.offenses(JAIL, ATTACKER, hosts.toArray(String[]::new));
        CommittedLog log = new CommittedLog(kafka);
        List<BanDecision> bans = log.readAllOnceConsumed("coordinator-slow", topics.offenses(), topics.bans());
        return new FleetRun(log.readAll(topics.offenses()), bans);
    }
}
