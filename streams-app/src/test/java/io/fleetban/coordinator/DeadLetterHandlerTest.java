package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleetban.avro.Offense;
import io.fleetban.wire.AvroSerde;
import io.fleetban.wire.SchemaRegistryClient;
import io.fleetban.wire.SchemaRegistrySettings;
import io.fleetban.wire.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's answer to a record that does not deserialize, with the exceptions the real serde throws:
 * garbage is dead-lettered and skipped; a record whose writer schema the registry could not serve right now fails
 * the stream thread (to be read again) after a pause, and is neither dead-lettered nor counted as skipped.
 */
class DeadLetterHandlerTest {

    private static final String TOPIC = "fleetban.offenses";
    private static final String DEAD_LETTER = "fleetban.dead-letter";

    private final LongAdder skipped = new LongAdder();
    private final List<Duration> pauses = new ArrayList<>();
    private final DeadLetterHandler handler = new DeadLetterHandler(pauses::add);

    @BeforeEach
    void configure() {
        handler.configure(Map.of(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                DEAD_LETTER,
                DeadLetterHandler.COUNTER_CONFIG,
                skipped));
    }

    @Test
    void garbageIsCopiedToTheDeadLetterTopicWithItsOriginAndSkipped() {
        final ConsumerRecord<byte[], byte[]> record = record("not avro".getBytes(StandardCharsets.UTF_8));
        final Exception failure = decodeFailure(AvroSerde.singleObject(Offense.class), record);

        final Response response = handler.handleError(null, record, failure);

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(DEAD_LETTER);
            assertThat(dead.value()).isEqualTo(record.value());
            assertThat(header(dead, DeadLetterHandler.HEADER_OFFSET)).isEqualTo("42");
            assertThat(header(dead, DeadLetterHandler.HEADER_ERROR)).contains("neither in the Confluent wire format");
        });
        assertThat(skipped.sum()).isEqualTo(1);
    }

    @Test
    void aRecordWhoseWriterSchemaTheRegistryCannotServeFailsTheThreadInsteadOfBeingDeadLettered() throws IOException {
        final ConsumerRecord<byte[], byte[]> record = record(HexFormat.of().parseHex("0000000001046f31"));
        final AvroSerde<Offense> withUnreachableRegistry = new AvroSerde<>(
                Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(closedPort()))));
        final Exception failure = decodeFailure(withUnreachableRegistry, record);
        assertThat(failure).isInstanceOf(SchemaRegistryUnavailableException.class);

        final Response response = handler.handleError(null, record, failure);

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(skipped.sum()).isZero();
        assertThat(pauses)
                .as("half of Streams' 10 s transaction timeout, so the replaced thread does not loop")
                .containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void thePauseBeforeFailingStaysWithinTheConfiguredTransactionTimeout() throws IOException {
        handler.configure(Map.of(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "3000"));
        final ConsumerRecord<byte[], byte[]> record = record(HexFormat.of().parseHex("0000000001046f31"));
        final Exception failure = decodeFailure(
                new AvroSerde<>(
                        Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(closedPort())))),
                record);

        handler.handleError(null, record, failure);

        assertThat(pauses).containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void garbageIsSkippedWithoutPause() {
        final ConsumerRecord<byte[], byte[]> record = record("not avro".getBytes(StandardCharsets.UTF_8));

        handler.handleError(null, record, decodeFailure(AvroSerde.singleObject(Offense.class), record));

        assertThat(pauses).isEmpty();
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>(TOPIC, 3, 42L, "203.0.113.7".getBytes(StandardCharsets.UTF_8), value);
    }

    private static Exception decodeFailure(AvroSerde<Offense> serde, ConsumerRecord<byte[], byte[]> record) {
        return (Exception) catchThrowable(() -> serde.deserializer().deserialize(record.topic(), record.value()));
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    /** A loopback port nothing listens on: connection refused, as from a registry that is down. */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
