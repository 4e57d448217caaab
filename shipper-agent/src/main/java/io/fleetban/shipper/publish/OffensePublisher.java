package io.fleetban.shipper.publish;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.wire.SchemaRegistryException;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends offenses to the offenses topic, keyed by the IP's canonical text so that every offense of one address
 * lands in one partition and the coordinator counts it without a repartition.
 *
 * <p>The producer is idempotent with acks=all ({@link KafkaSettings#producerConfig}): its own retries after a
 * broker failover neither lose nor duplicate a record. An offense that cannot be serialized because the Schema
 * Registry is unavailable (only possible before its schema id is cached, e.g. a start during a registry outage) is
 * sent again after a backoff ({@value #FIRST_RETRY_MS} ms doubling to {@value #MAX_RETRY_MS} ms) until it goes or
 * the publisher closes: the offense is fine, only the registry is not. A record that fails otherwise (delivery
 * timeout, authorization) completes its future exceptionally; the caller keeps the line's checkpoint behind it so a
 * restart sends it again.
 */
public final class OffensePublisher implements AutoCloseable {

    static final long FIRST_RETRY_MS = 500;
    static final long MAX_RETRY_MS = 15_000;
    /**
     * The shipper's producer buffer unless {@code [kafka] buffer.memory} says otherwise: Kafka's 32 MiB default sizes a
     * heap for bulk producers; offenses are ~150 bytes sent at once (linger 0), and 4 MiB still holds ~25,000 of them
     * while the broker is away, so the agent's heap can stay small on every host.
     */
    static final long DEFAULT_BUFFER_MEMORY = 4L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(OffensePublisher.class);

    private final Producer<String, Offense> producer;
    private final String topic;
    private final long firstRetryMs;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "offense-publisher-retry");
        thread.setDaemon(true);
        return thread;
    });

    /** Publishes through {@code producer} (a real or a mock producer) to {@code topic}. */
    public OffensePublisher(Producer<String, Offense> producer, String topic) {
        this(producer, topic, FIRST_RETRY_MS);
    }

    OffensePublisher(Producer<String, Offense> producer, String topic, long firstRetryMs) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.firstRetryMs = firstRetryMs;
    }

    /** A publisher with its own idempotent producer, using the configured wire format's serdes. */
    public static OffensePublisher create(KafkaSettings settings, Topics topics, String clientId) {
        Topic<String, Offense> offenses = topics.offenses();
        Producer<String, Offense> producer = new KafkaProducer<>(
                producerConfig(settings, clientId),
                offenses.keySerde().serializer(),
                offenses.valueSerde().serializer());
        return new OffensePublisher(producer, offenses.name());
    }

    /** fleetban's producer settings plus the shipper's own buffer size, unless {@code [kafka]} sets one. */
    static Map<String, Object> producerConfig(KafkaSettings settings, String clientId) {
        Map<String, Object> config = KafkaSettings.withoutJmxReporter(settings.producerConfig(clientId));
        config.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, DEFAULT_BUFFER_MEMORY);
        return config;
    }

    /**
     * Sends one offense; the future completes on the producer's I/O thread once the broker acknowledged it
     * (or the send failed for good). Never throws: a synchronous send failure completes the future too.
     */
    public CompletableFuture<RecordMetadata> publish(Offense offense) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        send(offense, acknowledged, firstRetryMs);
        return acknowledged;
    }

    private void send(Offense offense, CompletableFuture<RecordMetadata> acknowledged, long nextRetryMs) {
        try {
            producer.send(new ProducerRecord<>(topic, offense.getIp(), offense), (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            if (SchemaRegistryException.isTransientCause(e) && !retries.isShutdown()) {
                retryLater(offense, acknowledged, nextRetryMs, e);
            } else {
                acknowledged.completeExceptionally(e);
            }
        }
    }

    private void retryLater(
            Offense offense, CompletableFuture<RecordMetadata> acknowledged, long delayMs, Exception cause) {
        LOG.warn(
                "offense {} not serialized, schema registry unavailable; sending again in {} ms: {}",
                offense.getOffenseId(),
                delayMs,
                cause.getMessage());
        try {
            retries.schedule(
                    () -> send(offense, acknowledged, Math.min(delayMs * 2, MAX_RETRY_MS)),
                    delayMs,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            acknowledged.completeExceptionally(cause);
        }
    }

    /**
     * Fetches the topic's metadata now, so that the first offense after start is not held back by the producer's
     * metadata round trip (it waits up to {@code max.block.ms} for it). Blocks; returns the partition count.
     */
    public int fetchMetadata() {
        return producer.partitionsFor(topic).size();
    }

    /**
     * The producer's own metrics (records per request, batch size, request latency, buffer use) for a Micrometer
     * registry: they show whether a backlog leaves in few large requests or many small ones.
     */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(producer);
    }

    /** Blocks until every offense sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /**
     * Flushes, then closes the producer, waiting at most {@code timeout} for in-flight sends. Offenses still waiting
     * for the registry fail: their lines stay behind the checkpoint and are read again at the next start.
     */
    public void close(Duration timeout) {
        retries.shutdownNow(); // dropped retries leave their lines held, so the next start sends them
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
