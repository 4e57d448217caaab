package io.fleetban.bench;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The benchmark's own read_committed consumer of the offenses and bans topics, on its own thread, configured as an
 * enforcer's (no group, every partition assigned, from the end). Per attacker IP it keeps when the crossing offense
 * (the line that carries {@link #CROSSING_MARK}) and the ban became readable, with each record's CreateTime: the
 * shipper's send and the coordinator's produce. It costs the broker what one more enforcer costs.
 */
final class BenchLatencyObserver implements AutoCloseable {

    /** Marks the attacker's crossing (maxretry-th) line, so its offense is told from the earlier ones. */
    static final String CROSSING_MARK = "bench-crossing";

    private static final Duration POLL = Duration.ofMillis(100);

    /** When a record became readable here and its CreateTime. */
    record Seen(Instant readable, Instant created) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String offensesTopic;
    private final Deserializer<Offense> offenses;
    private final Deserializer<BanDecision> bans;
    private final Map<String, Seen> crossingOffenses = new ConcurrentHashMap<>();
    private final Map<String, Seen> readableBans = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    BenchLatencyObserver(KafkaSettings kafka, Topics topics, int fetchMaxWaitMs) {
        Map<String, Object> config = kafka.consumerConfig("fleetban-bench-latency-observer", Optional.empty());
        config.put("fetch.max.wait.ms", fetchMaxWaitMs);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.offensesTopic = topics.offenses().name();
        this.offenses = topics.offenses().valueSerde().deserializer();
        this.bans = topics.bans().valueSerde().deserializer();
        AssignedPartitions.assignAtEnd(
                consumer, List.of(offensesTopic, topics.bans().name())); // before any attack
        this.thread = new Thread(this::readLoop, "bench-latency-observer");
        thread.start();
    }

    Optional<Seen> crossingOffense(String ip) {
        requireRunning();
        return Optional.ofNullable(crossingOffenses.get(ip));
    }

    Optional<Seen> ban(String ip) {
        requireRunning();
        return Optional.ofNullable(readableBans.get(ip));
    }

    private void requireRunning() {
        if (failure != null) {
            throw new IllegalStateException("the observer's consumer failed: " + failure, failure);
        }
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    Instant now = Instant.now();
                    Instant created = Instant.ofEpochMilli(record.timestamp());
                    if (record.topic().equals(offensesTopic)) {
                        Offense offense = offenses.deserialize(record.topic(), record.value());
                        if (offense.getLine().contains(CROSSING_MARK)) {
                            crossingOffenses.putIfAbsent(offense.getIp(), new Seen(now, created));
                        }
                    } else {
                        BanDecision ban = bans.deserialize(record.topic(), record.value());
                        readableBans.putIfAbsent(ban.getIp(), new Seen(now, created));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10).toMillis());
        consumer.close();
    }
}
