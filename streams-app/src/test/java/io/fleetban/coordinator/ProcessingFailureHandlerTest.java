package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.coordinator.topology.TopologyOptions;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.SchemaRegistryDouble;
import io.fleetban.wire.AvroSerde;
import io.fleetban.wire.SchemaRegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ban whose serializer needs the registry during an outage (its subject not registered by this process yet):
 * Kafka Streams hands the sink's failure to the processing exception handler, and Streams' own log-and-continue
 * handler would skip the offense and lose the ban. The coordinator's handler fails the thread instead.
 */
class ProcessingFailureHandlerTest {

    private static final String ATTACKER = "203.0.113.9";

    @TempDir
    Path stateDir;

    private SchemaRegistryDouble registry;
    private Topics topics;

    @BeforeEach
    void registryGoesDownBeforeAnyBan() throws IOException {
        registry = SchemaRegistryDouble.start(1);
        topics = Topics.create(
                new KafkaSettings("unused:9092", "fleetban.", Optional.of(registry.url()), 1, 1, (short) 1, Map.of()));
        registry.goDown();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void streamsOwnLogAndContinueHandlerWouldLoseTheBan() {
        try (TopologyTestDriver driver = driver(LogAndContinueProcessingExceptionHandler.class)) {
            for (int i = 0; i < 2; i++) {
                offenses(driver).pipeInput(ATTACKER, offense(i));
            }
            assertThat(bans(driver).isEmpty())
                    .as("the ban was skipped, not retried")
                    .isTrue();
        }
    }

    @Test
    void theCoordinatorsHandlerFailsTheThreadSoTheOffenseIsProcessedAgain() {
        try (TopologyTestDriver driver = driver(ProcessingFailureHandler.class)) {
            offenses(driver).pipeInput(ATTACKER, offense(0));

            Throwable failure = catchThrowable(() -> offenses(driver).pipeInput(ATTACKER, offense(1)));

            assertThat(failure).as("the crossing offense fails its thread").isNotNull();
            assertThat(SchemaRegistryException.isTransientCause(failure)).isTrue();
        }
    }

    private TopologyTestDriver driver(Class<?> processingHandler) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processing-failure-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, processingHandler);
        // The pause before failing is half of this: 1 ms, so the test does not wait.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "2");
        JailRule fail =
                new JailRule("fail", new JailPolicy(2, Duration.ofMinutes(10), Duration.ofMinutes(1)), List.of());
        return new TopologyTestDriver(
                BanTopology.build(JailRules.of(fail), topics, TopologyOptions.DEFAULT), props, Instant.now());
    }

    /** Offenses as a shipper without registry writes them: decodable while the registry is down. */
    private TestInputTopic<String, Offense> offenses(TopologyTestDriver driver) {
        return driver.createInputTopic(
                topics.offenses().name(),
                new StringSerializer(),
                AvroSerde.singleObject(Offense.class).serializer());
    }

    private TestOutputTopic<String, BanDecision> bans(TopologyTestDriver driver) {
        return driver.createOutputTopic(
                topics.bans().name(),
                new StringDeserializer(),
                AvroSerde.singleObject(BanDecision.class).deserializer());
    }

    private static Offense offense(int n) {
        Instant now = Instant.now();
        return Offense.newBuilder()
                .setOffenseId("web-" + n + ":fail:" + ATTACKER)
                .setJail("fail")
                .setIp(ATTACKER)
                .setHostId("web-" + n)
                .setEventTime(now)
                .setIngestTime(now)
                .setSource("/var/log/fail.log")
                .setLine(ATTACKER + " failed")
                .build();
    }
}
