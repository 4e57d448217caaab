package io.fleetban.bench;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady stream of offenses at a fixed rate, as a busy fleet sends them, so that ban latency can be measured on a
 * coordinator that is working rather than idle. Each offense is a new IP's first (addresses of the preloaded range
 * past the preloaded ones): it creates state and is counted, but never crosses maxretry, so the only bans are the
 * probe's. Sent in 10 ms ticks by one thread; {@link #close()} stops it and says what rate it kept.
 */
final class SteadyOffenses implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final KafkaProducer<String, Offense> producer;
    private final Topic<String, Offense> offenses;
    private final int perSecond;
    private final int firstIndex;
    private final Thread sender;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile long sent;
    private long startNanos;
    private long stopNanos;

    private SteadyOffenses(KafkaSettings kafka, Topic<String, Offense> offenses, int perSecond, int firstIndex) {
        Map<String, Object> config = kafka.producerConfig("fleetban-bench-steady");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5"); // a shipper's batching under load
        this.producer = new KafkaProducer<>(
                config, new StringSerializer(), offenses.valueSerde().serializer());
        this.offenses = offenses;
        this.perSecond = perSecond;
        this.firstIndex = firstIndex;
        this.sender = new Thread(this::run, "bench-steady-offenses");
    }

    /** Starts sending {@code perSecond} offenses a second, new IPs from preloaded index {@code firstIndex} on. */
    static SteadyOffenses start(KafkaSettings kafka, Topic<String, Offense> offenses, int perSecond, int firstIndex) {
        SteadyOffenses steady = new SteadyOffenses(kafka, offenses, perSecond, firstIndex);
        steady.sender.start();
        return steady;
    }

    private void run() {
        startNanos = System.nanoTime();
        long due = 0;
        for (long tick = 1; running; tick++) {
            long target = perSecond * tick * TICK_NANOS / TimeUnit.SECONDS.toNanos(1);
            for (; due < target && failure.get() == null; due++) {
                int index = firstIndex + (int) due;
                if (index >= BenchAddresses.MAX_PRELOADED) {
                    failure.compareAndSet(null, new IllegalStateException("steady load ran out of addresses"));
                    break;
                }
                OffensePreload.send(producer, offenses.name(), BenchAddresses.preloaded(index), 0, failure);
            }
            sent = due;
            if (!Pacing.sleepUntil(startNanos + tick * TICK_NANOS)) {
                return;
            }
        }
    }

    /** Offenses (each a new IP) handed to the producer so far; the next stream starts past them. */
    long sent() {
        return sent;
    }

    /** Offenses handed to the producer a second, from the start until {@link #close()}. */
    double achievedRate() {
        return sent / ((stopNanos - startNanos) / 1e9);
    }

    /** Stops sending and flushes; fails if any offense could not be written. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join();
        stopNanos = System.nanoTime();
        producer.close();
        if (failure.get() != null) {
            throw new IllegalStateException("steady offenses failed: " + failure.get(), failure.get());
        }
    }
}
