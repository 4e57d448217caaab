package io.fleetban.topics;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one fleetban topic and prints each record, decoding either wire format (Confluent framing through the
 * configured registry, or Avro single-object encoding). It reads with its own cursor (assign, no group), so it
 * never disturbs the agents; a record that does not decode is reported with its coordinates and skipped.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private final Topic<String, ? extends SpecificRecord> topic;
    private final Deserializer<? extends SpecificRecord> values;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicBoolean stopped = new AtomicBoolean();

    public TopicTail(KafkaSettings settings, Topic<String, ? extends SpecificRecord> topic, boolean fromBeginning) {
        this.topic = topic;
        this.values = topic.valueSerde().deserializer();
        this.consumer = new KafkaConsumer<>(
                settings.consumerConfig("fleetban-topics-tail", Optional.empty()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic.name() + " does not exist");
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    /** Prints records until {@link #stop()} or, when {@code maxRecords} is positive, until that many were printed. */
    public long run(RecordFormat format, PrintStream out, long maxRecords) {
        long printed = 0;
        try {
            printed = follow(format, out, maxRecords);
        } catch (WakeupException e) {
            // stop() was called (Ctrl+C): a normal end
        }
        return printed;
    }

    private long follow(RecordFormat format, PrintStream out, long maxRecords) {
        long printed = 0;
        while (!stopped.get() && (maxRecords <= 0 || printed < maxRecords)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                final String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                try {
                    out.println(format.line(key, values.deserialize(record.topic(), record.value())));
                    printed++;
                } catch (SerializationException e) {
                    LOG.warn(
                            "cannot decode {}-{}@{}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                }
            }
        }
        return printed;
    }

    public void stop() {
        stopped.set(true);
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }

    String topicName() {
        return topic.name();
    }
}
