package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's procedure for more offenses/commands partitions (Topics, "Growing the topics"), step by step against a
 * real broker: a fleet moves from topics of 2 partitions to a second set of 6 under a new coordinator application.
 * The active ban is carried as a manual ban; the counts are carried by the shippers, which start on the new topics
 * without checkpoints and so publish again every failure of the last findtime, with its log line's time and id. An
 * address that had 3 of its 5 failures before the move is banned at its 5th after it, and the carried ban absorbs
 * its address's old failures instead of banning it twice.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TopicGrowthIT {

    private static final String ATTACKER = "203.0.113.10";
    private static final String BANNED = "203.0.113.20";
    private static final String OLD_APPLICATION = "coordinator-old";
    private static final String NEW_APPLICATION = "coordinator-grown";

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closing = new ClosingStack();

    @Test
    void shouldBanAtMaxretryAcrossAMoveToTopicsWithMorePartitions() throws Exception {
        KafkaTestCluster cluster = closing.add(KafkaTestCluster.singleBroker());
        JailRules jails = TestCoordinatorConfigs.failJail(5);
        KafkaSettings old = TestCoordinatorConfigs.kafka(cluster, "old.", 2);
        KafkaSettings grown = TestCoordinatorConfigs.kafka(cluster, "grown.", 6);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Offense> logged = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            logged.add(failure(ATTACKER, "web-" + i, start.plusMillis(i)));
        }
        for (int i = 0; i < 5; i++) {
            logged.add(failure(BANNED, "web-" + i, start.plusMillis(i)));
        }

        CoordinatorInstances before =
                new CoordinatorInstances(closing, dir.resolve("old"), old, jails, OLD_APPLICATION, 0);
        CoordinatorApp oldApp = before.start("a");
        CoordinatorInstances.awaitRunning(Duration.ofSeconds(90), () -> true, oldApp);
        new TopicTraffic(old, Topics.create(old)).send(logged);
        // Steps 2-3: shippers stopped, the old coordinator has consumed everything and decided the one ban.
        Topics oldTopics = Topics.create(old);
        assertThat(new CommittedLog(old).readAllOnceConsumed(OLD_APPLICATION, oldTopics.offenses(), oldTopics.bans()))
                .extracting(BanDecision::getIp)
                .containsExactly(BANNED);
        before.stop(oldApp);

        // Step 5: the new application on the new topics.
        Topics grownTopics = Topics.create(grown);
        CoordinatorInstances after =
                new CoordinatorInstances(closing, dir.resolve("grown"), grown, jails, NEW_APPLICATION, 0);
        CoordinatorApp grownApp = after.start("b");
        CoordinatorInstances.awaitRunning(Duration.ofSeconds(90), () -> true, grownApp);
        // Step 6: the active ban carried as a manual ban, checked before the shippers start.
        carry(grown, grownTopics.commands(), BANNED);
        TopicTraffic traffic = new TopicTraffic(grown, grownTopics);
        traffic.readCommitted(grownTopics.bans(), 1, "carried-ban");
        // Step 8: shippers without checkpoints read back findtime, then the attack goes on.
        List<Offense> shipped = new ArrayList<>(logged);
        shipped.add(failure(ATTACKER, "web-3", Instant.now()));
        shipped.add(failure(ATTACKER, "web-4", Instant.now()));
        traffic.send(shipped);

        List<BanDecision> bans = new CommittedLog(grown)
                .readAllOnceConsumed(NEW_APPLICATION, grownTopics.offenses(), grownTopics.bans());
        assertThat(bans).hasSize(2);
        assertThat(bans)
                .filteredOn(ban -> ban.getIp().equals(BANNED))
                .singleElement()
                .satisfies(ban -> assertThat(ban.getSource()).isEqualTo(BanSource.MANUAL));
        assertThat(bans)
                .filteredOn(ban -> ban.getIp().equals(ATTACKER))
                .singleElement()
                .satisfies(ban -> {
                    assertThat(ban.getSource()).isEqualTo(BanSource.AUTO);
                    assertThat(ban.getFailures()).isEqualTo(5);
                });
    }

    /** A failure as the shipper of {@code host} publishes it: the same id however often it reads the line. */
    private static Offense failure(String ip, String host, Instant time) {
        return TopicTraffic.offense(host + ":fail:" + ip + ":" + time.toEpochMilli(), "fail", ip, host, time);
    }

    /** {@code fleetban client banip --bantime T fail IP}, as step 6 sends it. */
    private static void carry(KafkaSettings kafka, Topic<String, Command> commands, String ip) throws Exception {
        try (KafkaProducer<String, Command> producer = new KafkaProducer<>(
                kafka.producerConfig("it-client"),
                commands.keySerde().serializer(),
                commands.valueSerde().serializer())) {
            Command ban = Command.newBuilder()
                    .setCommandId("carry-" + ip)
                    .setAction(CommandAction.BAN)
                    .setJail("fail")
                    .setIp(ip)
                    .setActor("it")
                    .setReason("carried from old.")
                    .setBantimeSeconds(540L)
                    .setIssuedAt(Instant.now())
                    .build();
            producer.send(new ProducerRecord<>(commands.name(), ip, ban)).get();
        }
    }
}
