package io.fleetban.kafka;

import java.time.Duration;
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

    private AssignedPartitions() {}

    /** Every partition of these topics, as the broker's metadata lists them now. */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitions.addAll(partitions(topic, consumer.partitionsFor(topic)));
        }
        return partitions;
    }

    /**
     * Every partition of one topic as the broker's metadata lists them now, asking for at most {@code timeout};
     * empty when the topic does not exist.
     */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic, Duration timeout) {
        return partitions(topic, consumer.partitionsFor(topic, timeout));
    }

    private static List<TopicPartition> partitions(String topic, List<PartitionInfo> infos) {
        return infos == null
                ? List.of()
                : infos.stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
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
