package io.fleetban.coordinator;

import io.fleetban.wire.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record that does not deserialize (a shipper of another version, a stray producer): it is
 * logged with topic, partition and offset, counted, copied untouched to the dead-letter topic (with its origin in
 * headers), and skipped. Never a crash loop (a failing record would be re-read after every restart) and never a
 * silent drop.
 *
 * <p>Except when the record is not at fault: if the Schema Registry could not answer for its writer schema
 * ({@link SchemaRegistryException#isTransientCause}), the handler answers FAIL, so the record is read again once
 * the registry is back instead of being dead-lettered during an outage; it first waits a
 * {@link RegistryOutagePause}, so the replaced thread does not fail again at once, in a loop.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

    /** Streams config key carrying the {@link LongAdder} that counts skipped records (optional). */
    public static final String COUNTER_CONFIG = "fleetban.deserialization.failures";

    public static final String HEADER_TOPIC = "fleetban.dlq.topic";
    public static final String HEADER_PARTITION = "fleetban.dlq.partition";
    public static final String HEADER_OFFSET = "fleetban.dlq.offset";
    public static final String HEADER_ERROR = "fleetban.dlq.error";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private final RegistryOutagePause.Sleeper sleeper;
    private String deadLetterTopic;
    private LongAdder failures = new LongAdder();
    private RegistryOutagePause outagePause;

    /** As Kafka Streams creates it (from {@code deserialization.exception.handler}). */
    public DeadLetterHandler() {
        this(RegistryOutagePause.Sleeper.THREAD_SLEEP);
    }

    /** With a sleeper of the test's choice. */
    DeadLetterHandler(RegistryOutagePause.Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : topic.toString();
        if (configs.get(COUNTER_CONFIG) instanceof LongAdder counter) {
            failures = counter;
        }
        outagePause = RegistryOutagePause.of(configs, sleeper);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (SchemaRegistryException.isTransientCause(exception)) {
            // The registry could not give the writer schema (down, 5xx, timeout): the record is probably fine and
            // dead-lettering it would lose an offense or a command. Failing stops the stream thread before the
            // offset is committed; the coordinator's uncaught-exception handler replaces the thread, which reads
            // the record again from the last commit (exactly-once: nothing doubled), until the registry answers.
            LOG.warn(
                    "schema registry unavailable for record topic={} partition={} offset={}: not skipped, the"
                            + " stream thread stops in {} and its replacement reads it again: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    outagePause.length(),
                    exception.getMessage());
            outagePause.await();
            return Response.fail();
        }
        failures.increment();
        LOG.warn(
                "skipping undecodable record topic={} partition={} offset={} ({} so far): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                failures.sum(),
                exception.toString());
        if (deadLetterTopic == null) {
            return Response.resume();
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_ERROR, exception.toString().getBytes(StandardCharsets.UTF_8));
        return Response.resume(
                List.of(new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers)));
    }
}
