package io.fleetban.bench;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts what really is on the offenses topic, as the coordinator would read it ({@code read_committed}, every
 * partition from the beginning to the current end): records per jail and distinct offense ids per jail. A shipper
 * that lost a line shows fewer records than matching lines; one that sent a line twice shows more records than
 * distinct ids.
 */
final class OffenseCensus {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** One jail's records and distinct offense ids. */
    record Count(long records, long distinctIds) {}

    private OffenseCensus() {}

    static Map<String, Count> take(KafkaSettings kafka, Topic<String, Offense> offenses) throws TimeoutException {
        Map<String, long[]> records = new HashMap<>();
        Map<String, Set<String>> ids = new HashMap<>();
        try (KafkaConsumer<String, Offense> consumer = new KafkaConsumer<>(
                kafka.consumerConfig("fleetban-bench-census", Optional.empty()),
                new StringDeserializer(),
                offenses.valueSerde().deserializer())) {
            List<TopicPartition> partitions = AssignedPartitions.of(consumer, List.of(offenses.name()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("offenses topic not read to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, Offense> record : consumer.poll(Duration.ofMillis(200))) {
                    String jail = record.value().getJail();
                    records.computeIfAbsent(jail, j -> new long[1])[0]++;
                    ids.computeIfAbsent(jail, j -> new HashSet<>())
                            .add(record.value().getOffenseId());
                }
            }
        }
        Map<String, Count> counts = new HashMap<>();
        records.forEach(
                (jail, n) -> counts.put(jail, new Count(n[0], ids.get(jail).size())));
        return counts;
    }
}
