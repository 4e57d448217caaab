package io.fleetban.coordinator.query;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads counted offenses' matched lines back from the offenses topic for {@code GET /jails/{jail}/ips/{ip}}: the
 * state keeps only each offense's offset (a line per offense would multiply the state of a million offenders), and
 * an operator's question is rare enough to pay a fetch. Best effort: a line that is gone (retention) or cannot be
 * read within the deadline is simply missing from the answer.
 */
public final class OffenseLineReader implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private final KafkaSettings kafka;
    private final Topic<String, Offense> offenses;
    /** Created on the first question: most coordinators are never asked one. */
    private KafkaConsumer<String, Offense> consumer;

    public OffenseLineReader(KafkaSettings kafka, Topic<String, Offense> offenses) {
        this.kafka = kafka;
        this.offenses = offenses;
    }

    /** The matched lines at these offsets of one partition of the offenses topic, by offset. */
    public synchronized Map<Long, String> lines(int partition, List<Long> offsets) {
        Map<Long, String> lines = new HashMap<>();
        TopicPartition topicPartition = new TopicPartition(offenses.name(), partition);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try {
            if (consumer == null) {
                Map<String, Object> config = kafka.consumerConfig("fleetban-coordinator-lines", Optional.empty());
                config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
                consumer = new KafkaConsumer<>(
                        config, new StringDeserializer(), offenses.valueSerde().deserializer());
            }
            consumer.assign(List.of(topicPartition));
            for (long offset : offsets) {
                if (offset >= 0 && !lines.containsKey(offset)) {
                    read(topicPartition, offset, deadline).ifPresent(line -> lines.put(offset, line));
                }
            }
        } catch (KafkaException e) {
            // Best effort: the answer goes out without the lines rather than not at all.
        }
        return lines;
    }

    private Optional<String> read(TopicPartition partition, long offset, long deadline) {
        consumer.seek(partition, offset);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, Offense> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() == offset && record.value() != null) {
                    return Optional.of(record.value().getLine());
                }
                if (record.offset() >= offset) {
                    return Optional.empty(); // deleted by retention, or not an offense
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
