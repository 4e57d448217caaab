package io.fleetban.bench;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fresh IPs crossing maxretry at a steady rate, each expecting exactly one ban, while instances come and go: one
 * thread sends each IP's offenses (the crossing one last, timed), another reads the bans topic read_committed from
 * its end at start and counts every ban per IP. Lost and duplicated bans are read off the committed log itself.
 */
final class CrossingStream implements AutoCloseable {

    /** One crossing IP: when its crossing offense was sent, when its first committed ban was read, and how many. */
    static final class Crossing {
        private final long sentNanos;
        private volatile long bannedNanos;
        private final AtomicInteger bans = new AtomicInteger();

        private Crossing(long sentNanos) {
            this.sentNanos = sentNanos;
        }

        long sentNanos() {
            return sentNanos;
        }

        int bans() {
            return bans.get();
        }

        /** Crossing offense sent to ban readable, in ms; only when {@link #bans()} is positive. */
        double latencyMillis() {
            return (bannedNanos - sentNanos) / 1e6;
        }
    }

    private final KafkaProducer<String, Offense> producer;
    private final KafkaConsumer<String, BanDecision> consumer;
    private final String offenses;
    private final int perSecond;
    private final int firstTry;
    private final int maxRetry;
    private final Map<String, Crossing> crossings = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread sender = new Thread(this::send, "bench-crossings");
    private final Thread reader = new Thread(this::read, "bench-crossing-bans");
    private volatile boolean sending = true;
    private volatile boolean reading = true;

    private CrossingStream(
            KafkaSettings kafka,
            Topic<String, Offense> offenses,
            Topic<String, BanDecision> bans,
            int perSecond,
            int firstTry,
            int maxRetry) {
        this.producer = new KafkaProducer<>(
                kafka.producerConfig("fleetban-bench-crossings"),
                new StringSerializer(),
                offenses.valueSerde().serializer());
        final Map<String, Object> config = kafka.consumerConfig("fleetban-bench-crossing-bans", Optional.empty());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        this.consumer = new KafkaConsumer<>(
                config, new StringDeserializer(), bans.valueSerde().deserializer());
        AssignedPartitions.assignAtEnd(consumer, List.of(bans.name()));
        this.offenses = offenses.name();
        this.perSecond = perSecond;
        this.firstTry = firstTry;
        this.maxRetry = maxRetry;
    }

    /** Starts {@code perSecond} crossings a second on latency-try addresses {@code firstTry} on. */
    static CrossingStream start(
            KafkaSettings kafka,
            Topic<String, Offense> offenses,
            Topic<String, BanDecision> bans,
            int perSecond,
            int firstTry,
            int maxRetry) {
        final CrossingStream stream = new CrossingStream(kafka, offenses, bans, perSecond, firstTry, maxRetry);
        stream.reader.start();
        stream.sender.start();
        return stream;
    }

    private void send() {
        final long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long due = System.nanoTime();
        for (int t = firstTry; sending && failure.get() == null; t++) {
            final String ip = BenchAddresses.latencyTry(t);
            for (int round = 0; round < maxRetry - 1; round++) {
                OffensePreload.send(producer, offenses, ip, round, failure);
            }
            producer.flush();
            crossings.put(ip, new Crossing(System.nanoTime()));
            OffensePreload.send(producer, offenses, ip, maxRetry - 1, failure);
            producer.flush();
            due += interval;
            if (!Pacing.sleepUntil(due)) {
                return;
            }
        }
    }

    private void read() {
        while (reading) {
            for (ConsumerRecord<String, BanDecision> record : consumer.poll(Duration.ofMillis(50))) {
                final long now = System.nanoTime();
                final Crossing crossing = crossings.get(record.key());
                if (crossing != null && crossing.bans.incrementAndGet() == 1) {
                    crossing.bannedNanos = now;
                }
            }
        }
    }

    /** Stops sending; the reader goes on counting until {@link #close()}. */
    void stopSending() throws InterruptedException {
        sending = false;
        sender.join();
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("crossing offenses failed: " + failure.get(), failure.get());
        }
    }

    /** Waits until every crossing sent has a ban, or {@code timeout}; returns the crossings sent so far. */
    List<Crossing> awaitBans(Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (crossings.values().stream().anyMatch(c -> c.bans() == 0) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return new ArrayList<>(crossings.values());
    }

    @Override
    public void close() throws InterruptedException {
        sending = false;
        sender.join();
        reading = false;
        reader.join();
        consumer.close();
        producer.close();
    }
}
