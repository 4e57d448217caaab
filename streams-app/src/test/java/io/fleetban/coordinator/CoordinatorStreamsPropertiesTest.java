package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.kafka.Topics;
import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streams settings that the ban latency budget rests on. */
class CoordinatorStreamsPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void shouldCommitExactlyOnceTransactionsOnTheCommitIntervalAndPollNoLongerThanTheDecisionSpacing()
            throws IOException {
        final Properties props = streamsProperties("""
                commit.interval = 200ms
                decision.commit.spacing = 15ms
                """);

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(200L);
        assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(15L);
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)))
                .isEqualTo(CoordinatorApp.EXACTLY_ONCE_LINGER_MS);
        assertThat(props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        assertThat(props.get(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)))
                .isEqualTo(CoordinatorApp.TRANSACTION_RETRY_BACKOFF_MS);
    }

    @Test
    void shouldGiveTheGroupTheCoordinatorsSessionTimeoutAndHeartbeatUnderTheClassicProtocol() throws IOException {
        final StreamsConfig streams = new StreamsConfig(streamsProperties("""
                session.timeout = 12s
                heartbeat.interval = 2s
                """));
        final Map<String, Object> groupMember = streams.getMainConsumerConfigs("group", "client", 0);

        assertThat(streams.getString(StreamsConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("classic");
        assertThat(groupMember.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(12000);
        assertThat(groupMember.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(2000);
    }

    @Test
    void shouldNotLingerUnderAtLeastOnceWhereABanWaitsInTheBatch() {
        assertThat(CoordinatorApp.producerLingerMs(CoordinatorConfig.ProcessingGuarantee.AT_LEAST_ONCE))
                .isZero();
        assertThat(CoordinatorApp.producerLingerMs(CoordinatorConfig.ProcessingGuarantee.EXACTLY_ONCE_V2))
                .isPositive()
                .isLessThanOrEqualTo(CoordinatorApp.EXACTLY_ONCE_LINGER_MS);
    }

    /** The coordinator's Kafka Streams properties for a fleetban.conf with these {@code [coordinator]} lines. */
    private Properties streamsProperties(String coordinatorLines) throws IOException {
        final Path fail2ban = TutorialJail.fail2banDir(dir);
        final Path conf = Files.writeString(
                dir.resolve("fleetban.conf"),
                "[kafka]\nbootstrap.servers = localhost:9092\n[fail2ban]\nconfig.dir = " + fail2ban
                        + "\n[coordinator]\n" + coordinatorLines);
        final CoordinatorConfig config = CoordinatorConfig.load(conf);
        return CoordinatorApp.streamsProperties(
                config, Topics.create(config.kafka()), config.httpListen(), new LongAdder());
    }
}
