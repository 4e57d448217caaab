package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LowAndSlowIT {

    private static final String JAIL = "sshd";
    private static final String ATTACKER = "203.0.113.77";
    private static final int HOSTS = 50;
    private static final JailRule RULE = new JailRule(JAIL,
            new JailPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(10)), List.of());

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldBanFleetWideWhatNoSingleHostCouldBan() throws Exception {
        List<String> hosts = IntStream.rangeClosed(1, HOSTS).mapToObj(i -> "web-" + i).toList();

        Map<String, Long> perHostCount = hosts.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long bansByLoneHosts = hosts.stream().filter(this::loneHostBans).count();
        List<BanDecision> fleetBans = fleetBans(hosts);

        long worstHost = perHostCount.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("low-and-slow: %d offenses from %s over %d hosts within findtime %s, maxretry %d%n",
                HOSTS, ATTACKER, HOSTS, RULE.policy().findTime(), RULE.policy().maxRetry());
        System.out.printf("  each host alone: at most %d failure(s) per host, %d of %d hosts ban -> attacker free%n",
                worstHost, bansByLoneHosts, HOSTS);
        System.out.printf("  fleet coordinator: %d ban(s) of %s after %d failures from hosts %s%n",
                fleetBans.size(), ATTACKER, fleetBans.get(0).getFailures(), fleetBans.get(0).getHosts());

        assertThat(worstHost).as("offenses any single host saw").isLessThan(RULE.policy().maxRetry());
        assertThat(bansByLoneHosts).as("hosts whose own jail bans the attacker").isZero();
        assertThat(fleetBans).singleElement().satisfies(ban -> {
            assertThat(ban.getIp()).isEqualTo(ATTACKER);
            assertThat(ban.getJail()).isEqualTo(JAIL);
            assertThat(ban.getFailures()).isEqualTo(RULE.policy().maxRetry());
            assertThat(ban.getHosts()).hasSize(RULE.policy().maxRetry());
        });
    }

    /** The same attempt given to one host's own jail (the ban topology alone, fed only that host's log). */
    private boolean loneHostBans(String host) {
        Topics topics = Topics.create(KafkaSettings.local("unused:9092"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lone-" + host);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("lone").resolve(host).toString());
        Instant now = Instant.now();
        try (TopologyTestDriver driver = new TopologyTestDriver(BanTopology.build(JailRules.of(RULE), topics),
                props, now)) {
            TestInputTopic<String, Offense> offenses = driver.createInputTopic(topics.offenses().name(),
                    new StringSerializer(), topics.offenses().valueSerde().serializer());
            TestOutputTopic<String, BanDecision> bans = driver.createOutputTopic(topics.bans().name(),
                    new StringDeserializer(), topics.bans().valueSerde().deserializer());
            offenses.pipeInput(ATTACKER, offense(host, now), now);
            return !bans.isEmpty();
        }
    }

    /** The 50 attempts, one per host, through a real broker and a running coordinator. */
    private List<BanDecision> fleetBans(List<String> hosts) throws Exception {
        KafkaTestCluster cluster = resources.add(KafkaTestCluster.singleBroker());
        KafkaSettings kafka = TestCoordinatorConfigs.kafka(cluster, "slow.", 2);
        Topics topics = Topics.create(kafka);
        CoordinatorApp app = new CoordinatorInstances(resources, dir, kafka, JailRules.of(RULE), "coordinator-slow",
                0).start("state");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        TopicTraffic traffic = new TopicTraffic(kafka, topics);
        traffic.offenses(JAIL, ATTACKER, hosts.toArray(String[]::new));
        CommittedLog log = new CommittedLog(kafka);
        return log.readAllOnceConsumed("coordinator-slow", topics.offenses(), topics.bans());
    }

    private static Offense offense(String host, Instant time) {
        return Offense.newBuilder().setOffenseId(host + ":" + JAIL + ":" + ATTACKER + ":0").setJail(JAIL)
                .setIp(ATTACKER).setHostId(host).setEventTime(time).setIngestTime(time).setSource("/var/log/auth.log")
                .setLine(time + " sshd[1]: Failed password for root from " + ATTACKER).build();
    }
}
