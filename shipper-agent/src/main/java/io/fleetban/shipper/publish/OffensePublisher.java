package io.fleetban.shipper.publish;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Sends offenses to the offenses topic, keyed by the IP's canonical text so that every offense of one address
 * lands in one partition and the coordinator counts it without a repartition.
 *
 * <p>The producer is idempotent with acks=all ({@link KafkaSettings#producerConfig}): its own retries after a
 * broker failover neither lose nor duplicate a record. A record that still fails (delivery timeout, authorization)
 * completes its future exceptionally; the caller keeps the line's checkpoint behind it so a restart sends it again.
 */
public final class OffensePublisher implements AutoCloseable {

    private final Producer<String, Offense> producer;
    private final String topic;

    /** Publishes through {@code producer} (a real or a mock producer) to {@code topic}. */
    public OffensePublisher(Producer<String, Offense> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** A publisher with its own idempotent producer, using the configured wire format's serdes. */
    public static OffensePublisher create(KafkaSettings settings, Topics topics, String clientId) {
        Topic<String, Offense> offenses = topics.offenses();
        Producer<String, Offense> producer = new KafkaProducer<>(settings.producerConfig(clientId),
                offenses.keySerde().serializer(), offenses.valueSerde().serializer());
        return new OffensePublisher(producer, offenses.name());
    }

    /**
     * Sends one offense; the future completes on the producer's I/O thread once the broker acknowledged it
     * (or the send failed for good). Never throws: a synchronous send failure completes the future too.
     */
    public CompletableFuture<RecordMetadata> publish(Offense offense) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, offense.getIp(), offense), (metadata, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(error);
                } else {
                    acknowledged.complete(metadata);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
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

    /** Flushes, then closes the producer, waiting at most {@code timeout} for in-flight sends. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
