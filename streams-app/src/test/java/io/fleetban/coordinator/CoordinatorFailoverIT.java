package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetban.avro.BanDecision;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
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

    private static final String APPLICATION_ID = "coordinator-failover";
    private static final int MAXRETRY = 5;
    private static final int ATTACKERS = 40;
    /** The default session timeout and a generous margin, still short of the consumer default of 45 s. */
    private static final Duration DEAD_MEMBER_DROPPED =
            Durations.parse(GroupTimeouts.DEFAULT_SESSION_TIMEOUT).plusSeconds(30);

    @TempDir
    Path dir;

    private final JailQueryClient api = new JailQueryClient("fail");

    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    @Test
    void shouldBanEveryAttackerExactlyOnceWhenAnInstanceIsLostMidStream() throws Exception {
        KafkaSettings kafka = startBroker("failover.");
        Topics topics = Topics.create(kafka);
        StaggeredAttack attack = resources.add(new StaggeredAttack(kafka, topics, ATTACKERS, MAXRETRY));
        CommittedLog log = new CommittedLog(kafka);
        CoordinatorInstances coordinators = instances(kafka);
        CoordinatorApp survivor = coordinators.start("survivor");
        CoordinatorApp lost = coordinators.start("lost");
        await().atMost(Duration.ofSeconds(90))
                .until(() -> survivor.state() == KafkaStreams.State.RUNNING
                        && lost.state() == KafkaStreams.State.RUNNING
                        && localBanned(lost) >= 0
                        && localBanned(survivor) >= 0);

        attack.firstHalf();
        // Some attackers are banned, others are half-way to maxretry on both instances' partitions.
        await().atMost(Duration.ofSeconds(30)).until(() -> localBanned(lost) > 0 && localBanned(survivor) > 0);
        coordinators.stop(lost);
        attack.secondHalf();

        List<BanDecision> bans = log.readAllOnceConsumed(APPLICATION_ID, topics.offenses(), topics.bans());
        assertThat(bans)
                .extracting(BanDecision::getIp)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(attack.attackers());
        assertThat(bans)
                .allSatisfy(ban -> assertThat(ban.getFailures()).as(ban.getIp()).isEqualTo(MAXRETRY));
        assertCounts(survivor, "");

        CoordinatorApp restarted = coordinators.start("restarted");
        await().atMost(Duration.ofSeconds(90)).until(() -> restarted.state() == KafkaStreams.State.RUNNING);
        assertCounts(restarted, "");
        coordinators.stop(survivor);
        // Alone now, on a state directory that never saw an offense: every count it answers came from the changelog.
        await().atMost(Duration.ofSeconds(90)).until(() -> localBanned(restarted) == ATTACKERS);
        assertCounts(restarted, "?local=true");
        for (String ip : attack.attackers()) {
            assertThat(api.offender(restarted, ip).path("banned").asBoolean())
                    .as(ip)
                    .isTrue();
        }
        assertThat(log.readAll(topics.bans())).as("decisions after the restart").hasSize(ATTACKERS);
    }

    @Test
    void shouldBanEveryAttackerExactlyOnceWhenAnInstanceIsKilledMidStream() throws Exception {
        KafkaSettings kafka = startBroker("killed.");
        Topics topics = Topics.create(kafka);
        StaggeredAttack attack = resources.add(new StaggeredAttack(kafka, topics, ATTACKERS, MAXRETRY));
        CommittedLog log = new CommittedLog(kafka);
        CoordinatorApp survivor = instances(kafka).start("survivor");
        await().atMost(Duration.ofSeconds(60)).until(() -> survivor.state() == KafkaStreams.State.RUNNING);
        Process killed = startInOwnJvm(kafka.bootstrapServers(), kafka.topicPrefix(), dir.resolve("killed"));
        try (Admin admin = Admin.create(kafka.adminConfig("it-group"))) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> stableWithTwoMembers(admin) && survivor.state() == KafkaStreams.State.RUNNING);
        }

        attack.firstHalf();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !log.readAll(topics.bans()).isEmpty());
        // SIGKILL: its open transaction is neither committed nor aborted, and it never leaves the group.
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        attack.secondHalf();
        try (Admin admin = Admin.create(kafka.adminConfig("it-group"))) {
            // The group drops the dead member after the coordinator's session timeout, well before Kafka's 45 s.
            Duration left = DEAD_MEMBER_DROPPED.minusNanos(System.nanoTime() - killedAt);
            await().atMost(left).until(() -> members(admin) == 1);
        }

        List<BanDecision> bans = log.readAllOnceConsumed(APPLICATION_ID, topics.offenses(), topics.bans());
        assertThat(bans)
                .extracting(BanDecision::getIp)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(attack.attackers());
        assertThat(bans)
                .allSatisfy(ban -> assertThat(ban.getFailures()).as(ban.getIp()).isEqualTo(MAXRETRY));
        assertCounts(survivor, "?local=true");
    }

    /** A single broker of this test's own, and the coordinator's settings for it (4 partitions a topic). */
    private KafkaSettings startBroker(String topicPrefix) {
        KafkaTestCluster cluster = resources.add(KafkaTestCluster.singleBroker());
        return TestCoordinatorConfigs.kafka(cluster, topicPrefix, 4);
    }

    /** Exactly-once instances with one standby each, so a survivor has the lost instance's state at hand. */
    private CoordinatorInstances instances(KafkaSettings kafka) {
        return new CoordinatorInstances(
                resources, dir, kafka, TestCoordinatorConfigs.failJail(MAXRETRY), APPLICATION_ID, 1);
    }

    private Process startInOwnJvm(String bootstrap, String prefix, Path stateDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.fleetban.avro",
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledCoordinator.class.getName(),
                        bootstrap,
                        prefix,
                        APPLICATION_ID,
                        stateDir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile())
                .start();
        resources.add(process::destroyForcibly);
        return process;
    }

    private static boolean stableWithTwoMembers(Admin admin) throws Exception {
        ConsumerGroupDescription group = group(admin);
        return group.groupState() == GroupState.STABLE && group.members().size() == 2;
    }

    private static int members(Admin admin) throws Exception {
        return group(admin).members().size();
    }

    private static ConsumerGroupDescription group(Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(APPLICATION_ID))
                .describedGroups()
                .get(APPLICATION_ID)
                .get();
    }

    private void assertCounts(CoordinatorApp app, String query) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = api.status(app, query);
            assertThat(status.path("currentlyBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalBanned").asLong()).isEqualTo(ATTACKERS);
            assertThat(status.path("totalFailed").asLong()).isEqualTo((long) MAXRETRY * ATTACKERS);
        });
    }

    /** Bans this instance holds itself; -1 while it does not answer. */
    private long localBanned(CoordinatorApp app) throws Exception {
        JsonNode status = api.status(app, "?local=true");
        return status.path("jail").isTextual() ? status.path("currentlyBanned").asLong() : -1;
    }
}
