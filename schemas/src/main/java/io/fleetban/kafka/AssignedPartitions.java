package io.fleetban.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Readers that see every record of a topic (probes, printers, tails) assign all its partitions themselves instead of
 * joining a consumer group: no rebalance, no committed offsets left behind.
 */
public final class AssignedPartitions {

    private AssignedPartitions() {
    }

    /** Every partition of these topics, as the broker's metadata lists them now. */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    /**
     * Assigns every partition of these topics and fixes the consumer's position at their current end now (a seek to
     * the end is otherwise resolved lazily, at the first poll, and would skip what is written before it).
     */
    public static List<TopicPartition> assignAtEnd(Consumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = of(consumer, topics);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return partitions;
    }
}
