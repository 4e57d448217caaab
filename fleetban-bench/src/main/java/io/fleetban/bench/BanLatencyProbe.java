package io.fleetban.bench;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ban latency as an enforcer sees it: for each try a fresh IP (a reused one would already be over the threshold and
 * fake a fast result) gets {@code maxretry - 1} offenses, then the crossing one; the clock runs from handing the
 * crossing offense to the producer (acks=all, linger 0, as the shipper sends) until a {@code read_committed}
 * consumer of the bans topic holds the ban for that IP. Tries run one after the other. One measurement per instance.
 *
 * <p>Each try is also split at the decision's {@code bannedAt} (the coordinator's wall clock when it decided, the same
 * machine clock): before it, the offense's trip to the coordinator and its processing; after it, the exactly-once
 * commit that makes the ban readable.
 */
final class BanLatencyProbe {

    private static final Duration BAN_TIMEOUT = Duration.ofSeconds(10);
    private static final String FETCH_MAX_WAIT_MS = "5";

    private final KafkaSettings kafka;
    private final Topic<String, Offense> offenses;
    private final Topic<String, BanDecision> bans;
    private final Map<String, Long> seenNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> bannedAtMillis = new ConcurrentHashMap<>();
    private volatile boolean reading = true;

    BanLatencyProbe(KafkaSettings kafka, Topic<String, Offense> offenses, Topic<String, BanDecision> bans) {
        this.kafka = kafka;
        this.offenses = offenses;
        this.bans = bans;
    }

    /**
     * One try per row, in milliseconds: crossing offense sent to ban readable ({@code total}), of which sent to
     * decided ({@code toDecision}); each array sorted on its own.
     */
    record Latencies(double[] total, double[] toDecision) {}

    /** Measures {@code tries} tries, on latency try IPs {@code firstTry} on. */
    Latencies measure(int firstTry, int tries, int maxRetry) throws Exception {
        Thread reader;
        try (KafkaConsumer<String, BanDecision> consumer = bansConsumer();
                KafkaProducer<String, Offense> producer = new KafkaProducer<>(
                        kafka.producerConfig("fleetban-bench-latency"),
                        new StringSerializer(),
                        offenses.valueSerde().serializer())) {
            reader = new Thread(() -> readBans(consumer), "bench-bans-reader");
            reader.start();
            try {
                double[] total = new double[tries];
                double[] toDecision = new double[tries];
                for (int t = 0; t < tries; t++) {
                    Try one = oneTry(producer, BenchAddresses.latencyTry(firstTry + t), maxRetry);
                    total[t] = one.total();
                    toDecision[t] = one.toDecision();
                }
                Arrays.sort(total);
                Arrays.sort(toDecision);
                return new Latencies(total, toDecision);
            } finally {
                reading = false;
                reader.join(BAN_TIMEOUT.toMillis());
            }
        }
    }

    /** One try's latencies in milliseconds: sent to readable, and sent to decided. */
    private record Try(double total, double toDecision) {}

    private Try oneTry(KafkaProducer<String, Offense> producer, String ip, int maxRetry)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (int round = 0; round < maxRetry - 1; round++) {
            producer.send(new ProducerRecord<>(offenses.name(), ip, OffensePreload.offense(ip, round)))
                    .get();
        }
        ProducerRecord<String, Offense> crossing =
                new ProducerRecord<>(offenses.name(), ip, OffensePreload.offense(ip, maxRetry - 1));
        long sentMillis = System.currentTimeMillis();
        long sent = System.nanoTime();
        producer.send(crossing).get();
        long deadline = sent + BAN_TIMEOUT.toNanos();
        while (!seenNanos.containsKey(ip)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no ban for " + ip + " within " + BAN_TIMEOUT);
            }
            TimeUnit.MICROSECONDS.sleep(200);
        }
        return new Try((seenNanos.get(ip) - sent) / 1e6, bannedAtMillis.get(ip) - sentMillis);
    }

    private KafkaConsumer<String, BanDecision> bansConsumer() {
        Map<String, Object> config = kafka.consumerConfig("fleetban-bench-bans", Optional.empty());
        // An enforcer polls with a short fetch wait (the latency budget); so does this reader.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        KafkaConsumer<String, BanDecision> consumer = new KafkaConsumer<>(
                config, new StringDeserializer(), bans.valueSerde().deserializer());
        AssignedPartitions.assignAtEnd(consumer, List.of(bans.name())); // before the first try is sent
        return consumer;
    }

    private void readBans(KafkaConsumer<String, BanDecision> consumer) {
        while (reading) {
            for (ConsumerRecord<String, BanDecision> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                bannedAtMillis.putIfAbsent(
                        record.key(), record.value().getBannedAt().toEpochMilli());
                seenNanos.putIfAbsent(record.key(), now);
            }
        }
    }

    /** The {@code q}-quantile (0..1) of sorted values, nearest rank. */
    static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
