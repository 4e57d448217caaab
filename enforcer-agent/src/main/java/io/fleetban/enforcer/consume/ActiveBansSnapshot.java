package io.fleetban.enforcer.consume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads the compacted active-bans topic from the beginning to the end offsets taken when the read starts, keeping
 * the latest value per key ({@code <jail>/<ip>}); a tombstone means "not banned". Because the coordinator writes
 * a tombstone when a ban ends, this gives any enforcer, new or restarted, the exact current ban list.
 */
public final class ActiveBansSnapshot {

    private static final Duration POLL = Duration.ofMillis(100);

    private ActiveBansSnapshot() {}

    /**
     * Reads {@code partitions} (all of the active-bans topic) with {@code consumer}, which is left assigned to them.
     *
     * @throws TimeoutException when the end offsets are not reached within {@code timeout}
     */
    public static List<Decision.Banned> read(
            Consumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            DecisionDecoder decoder,
            Duration timeout) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        final Map<String, ConsumerRecord<byte[], byte[]>> latest = new HashMap<>();
        final Instant deadline = Instant.now().plus(timeout);
        while (!reached(consumer, end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("active-bans not read to its end offsets " + end + " within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                keep(latest, record);
            }
        }
        final List<Decision.Banned> bans = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : latest.values()) {
            decoder.decodeActiveBan(record).ifPresent(bans::add);
        }
        return bans;
    }

    private static void keep(
            Map<String, ConsumerRecord<byte[], byte[]>> latest, ConsumerRecord<byte[], byte[]> record) {
        final Optional<String> key = Optional.ofNullable(record.key()).map(k -> new String(k, StandardCharsets.UTF_8));
        if (key.isEmpty()) {
            return;
        }
        if (record.value() == null) {
            latest.remove(key.get());
        } else {
            latest.put(key.get(), record);
        }
    }

    private static boolean reached(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
