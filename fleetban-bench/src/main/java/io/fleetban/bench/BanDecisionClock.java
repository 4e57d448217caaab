package io.fleetban.bench;

import io.fleetban.avro.BanDecision;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * When the coordinator decided each ban: a read_committed reader of the bans topic, from its end at start, keeping
 * every ban's {@code bannedAt} (the coordinator's wall clock, the machine's one clock) by address.
 */
final class BanDecisionClock implements AutoCloseable {

    private final Map<String, Long> decidedMillis = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final KafkaConsumer<String, BanDecision> consumer;
    private final Thread thread;

    BanDecisionClock(KafkaSettings kafka, Topic<String, BanDecision> bans) {
        final Map<String, Object> config = kafka.consumerConfig("fleetban-bench-fanout-probe", Optional.empty());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // A ban's time is its bannedAt, not when this reads it: no need to load the broker with short fetches.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        consumer = new KafkaConsumer<>(
                config, bans.keySerde().deserializer(), bans.valueSerde().deserializer());
        consumer.assign(consumer.partitionsFor(bans.name()).stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(bans.name(), info.partition()))
                .toList());
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        thread = new Thread(this::run, "fanout-ban-clock");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closing.get()) {
            try {
                for (ConsumerRecord<String, BanDecision> record : consumer.poll(Duration.ofMillis(100))) {
                    decidedMillis.put(
                            record.value().getIp(), record.value().getBannedAt().toEpochMilli());
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    /** The wall-clock time the ban of {@code ip} was decided, if its ban has been read. */
    Optional<Long> decidedMillis(String ip) {
        return Optional.ofNullable(decidedMillis.get(ip));
    }

    int seen() {
        return decidedMillis.size();
    }

    @Override
    public void close() throws InterruptedException {
        closing.set(true);
        consumer.wakeup();
        thread.join(5_000);
        consumer.close();
    }
}
