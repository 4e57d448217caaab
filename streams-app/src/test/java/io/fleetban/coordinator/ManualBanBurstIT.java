package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of manual bans, sent at once as {@code fleetban client banip} sends a long list, is decided in a few
 * exactly-once transactions, not one each: every ban exactly once on the committed log, with far fewer commits than
 * bans.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManualBanBurstIT {

    private static final int BURST = 2_000;
    private static final String APPLICATION_ID = "coordinator-burst";
    private static final Duration COMMIT_INTERVAL = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closing = new ClosingStack();

    @Test
    void shouldDecideABurstOfManualBansOnceEachInFewCommits() throws Exception {
        KafkaTestCluster cluster = closing.add(KafkaTestCluster.singleBroker());
        KafkaSettings kafka = TestCoordinatorConfigs.kafkaCommittingOnRequest(cluster, "burst.", COMMIT_INTERVAL);
        Topics topics = Topics.create(kafka);
        CoordinatorApp app = closing.add(new CoordinatorApp(TestCoordinatorConfigs.of(
                dir,
                kafka,
                TestCoordinatorConfigs.failJail(5),
                APPLICATION_ID,
                dir.resolve("state"),
                0,
                COMMIT_INTERVAL)));
        app.start();
        CoordinatorInstances.awaitRunning(Duration.ofSeconds(90), () -> true, app);
        double commitsBefore = commits(app);

        List<String> ips = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            ips.add("198.18." + (i / 250) + "." + (i % 250 + 1));
        }
        sendBans(kafka, topics.commands(), ips);

        List<BanDecision> bans =
                new CommittedLog(kafka).readAllOnceConsumed(APPLICATION_ID, topics.commands(), topics.bans());
        double commits = commits(app) - commitsBefore;
        assertThat(bans).allSatisfy(ban -> assertThat(ban.getSource()).isEqualTo(BanSource.MANUAL));
        assertThat(bans).extracting(BanDecision::getIp).containsExactlyInAnyOrderElementsOf(ips);
        // Many decisions to a commit: a commit for each ban or two would pace the burst by the commit's latency.
        assertThat(commits).as("commits for %d bans", BURST).isLessThan(BURST / 5.0);
    }

    /** Kafka Streams' commits so far, over all stream threads (its commit-total metric, as /metrics serves it). */
    private static double commits(CoordinatorApp app) {
        return app.scrape()
                .lines()
                .filter(line -> line.startsWith("kafka_stream_thread_commit_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The commands one producer sends at once, as the client sends a list of IPs. */
    private static void sendBans(KafkaSettings kafka, Topic<String, Command> commands, List<String> ips)
            throws Exception {
        try (KafkaProducer<String, Command> producer = new KafkaProducer<>(
                kafka.producerConfig("it-client"),
                commands.keySerde().serializer(),
                commands.valueSerde().serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String ip : ips) {
                Command ban = Command.newBuilder()
                        .setCommandId("burst-" + ip)
                        .setAction(CommandAction.BAN)
                        .setJail("fail")
                        .setIp(ip)
                        .setActor("it")
                        .setIssuedAt(Instant.now())
                        .build();
                sent.add(producer.send(new ProducerRecord<>(commands.name(), ip, ban)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
    }
}
