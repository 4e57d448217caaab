package io.fleetban.coordinator;

import static org.awaitility.Awaitility.await;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The committed state of the log, as the failure tests judge it: whether the coordinator has consumed every offense
 * (under exactly-once its input offsets commit in the same transaction as its decisions, so after that point no
 * further decision can appear), and every record a read_committed consumer sees, from the beginning to the end.
 */
final class CommittedLog {

    private final KafkaSettings kafka;

    CommittedLog(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /**
     * Every committed record of {@code decisions} once the group {@code applicationId} has consumed all of
     * {@code input}: under exactly-once, every decision that input will ever cause.
     */
    <V> List<V> readAllOnceConsumed(String applicationId, Topic<?, ?> input, Topic<?, V> decisions) {
        awaitConsumed(applicationId, input.name());
        return readAll(decisions);
    }

    /** Waits until the consumer group {@code applicationId} has committed the end offset of every partition. */
    private void awaitConsumed(String applicationId, String topic) {
        try (Admin admin = Admin.create(kafka.adminConfig("it-progress"))) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> consumed(admin, applicationId, topic));
        }
    }

    private static boolean consumed(Admin admin, String applicationId, String topic) throws Exception {
        Set<TopicPartition> partitions =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toSet());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get();
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get();
        // A partition that never held a record has no committed offset: its end offset is 0.
        return partitions.stream()
                .allMatch(p -> (committed.get(p) == null ? 0 : committed.get(p).offset())
                        >= ends.get(p).offset());
    }

    /** Every committed record of the topic, read from the beginning up to its last stable offset. */
    <V> List<V> readAll(Topic<?, V> topic) {
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                kafka.consumerConfig("it-reader", Optional.empty()),
                new StringDeserializer(),
                topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return values;
    }
}
