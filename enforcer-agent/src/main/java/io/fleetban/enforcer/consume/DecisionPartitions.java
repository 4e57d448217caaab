package io.fleetban.enforcer.consume;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows partitions added to the decision topics while the enforcer runs. Enforcers {@code assign()} partitions
 * themselves (no consumer group), so nothing tells them when an operator grows {@code bans} or {@code unbans}; a
 * ban keyed into a new partition would otherwise never be applied. Every {@link #CHECK_INTERVAL} the consumer's
 * metadata (refreshed by the client every {@code metadata.max.age.ms}) is asked for the topics' partitions, and
 * new ones are assigned from their beginning: everything in them was written after they appeared, so none of it
 * has been applied yet.
 */
final class DecisionPartitions {

    /** How often the consumer's cached metadata is compared with the assignment; asking it costs no request. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(DecisionPartitions.class);
    private static final Duration METADATA_WAIT = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Clock clock;
    private Instant nextCheck;

    DecisionPartitions(Consumer<byte[], byte[]> consumer, List<String> topics, Clock clock) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.clock = clock;
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    /** When {@link #assignNewIfDue} next looks. */
    Instant nextDue() {
        return nextCheck;
    }

    /** Assigns, from their beginning, the decision partitions that appeared since the last check; returns them. */
    List<TopicPartition> assignNewIfDue() {
        final Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return List.of();
        }
        nextCheck = now.plus(CHECK_INTERVAL);
        final Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return List.of();
        }
        final List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : partitionsOf(topic)) {
                final TopicPartition partition = new TopicPartition(topic, info.partition());
                if (!assigned.contains(partition)) {
                    added.add(partition);
                }
            }
        }
        if (added.isEmpty()) {
            return List.of();
        }
        final Set<TopicPartition> all = new HashSet<>(assigned);
        all.addAll(added);
        // assign() keeps the position of every partition that stays assigned.
        consumer.assign(all);
        consumer.seekToBeginning(added);
        LOG.info("decision topics grew: now also consuming {} from their beginning", added);
        return added;
    }

    private List<PartitionInfo> partitionsOf(String topic) {
        try {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_WAIT);
            return infos == null ? List.of() : infos;
        } catch (KafkaException e) {
            // The next check asks again; the partitions already assigned are consumed meanwhile.
            LOG.debug("partitions of {} not known yet: {}", topic, e.toString());
            return List.of();
        }
    }
}
