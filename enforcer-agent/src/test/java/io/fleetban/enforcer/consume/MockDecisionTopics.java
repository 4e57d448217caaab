package io.fleetban.enforcer.consume;

import io.fleetban.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The decision topics as Kafka's MockConsumer sees them: bans in two partitions (so decisions are ordered across
 * partitions, as on a real broker), unbans and active-bans in one, all empty at first. Records are numbered per
 * partition as a broker would number them.
 */
final class MockDecisionTopics {

    private static final int BANS_PARTITIONS = 2;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();

    MockDecisionTopics(Topics topics) {
        final Map<TopicPartition, Long> empty = new HashMap<>();
        for (String topic : List.of(
                topics.bans().name(),
                topics.unbans().name(),
                topics.activeBans().name())) {
            final int count = topic.equals(topics.bans().name()) ? BANS_PARTITIONS : 1;
            final List<PartitionInfo> infos = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                infos.add(new PartitionInfo(topic, p, null, null, null));
                empty.put(new TopicPartition(topic, p), 0L);
            }
            consumer.updatePartitions(topic, infos);
        }
        consumer.updateBeginningOffsets(empty);
        consumer.updateEndOffsets(empty);
    }

    /** The consumer the decision loop under test reads from. */
    MockConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** The next record of {@code partition}, at the offset the broker would give it; not yet offered to the consumer. */
    ConsumerRecord<byte[], byte[]> nextRecord(TopicPartition partition, String key, byte[] value) {
        final long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
        return new ConsumerRecord<>(
                partition.topic(), partition.partition(), offset, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
