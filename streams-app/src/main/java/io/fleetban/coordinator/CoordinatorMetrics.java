package io.fleetban.coordinator;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The coordinator's metric names, in one place, and their binding. Offenses in and decisions out are Kafka
 * Streams' own per-topic metrics (KIP-846, recording level INFO), bound through Micrometer's
 * {@link KafkaStreamsMetrics}: {@code kafka_stream_topic_records_consumed_total{topic="fleetban.offenses"}} and
 * {@code kafka_stream_topic_records_produced_total{topic="fleetban.bans"|"fleetban.unbans"}}, next to lag,
 * commit latency, thread and task metrics. Labels stay low-cardinality (topic, task, thread), never an IP.
 */
public final class CoordinatorMetrics implements AutoCloseable {

    /** Records that did not deserialize, copied to the dead-letter topic and skipped. */
    public static final String RECORDS_DEAD_LETTERED = "fleetban.coordinator.records.dead.lettered";

    private final MeterRegistry registry;
    private final KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    private CoordinatorMetrics(MeterRegistry registry, KafkaStreams streams) {
        this.registry = registry;
        this.streams = streams;
    }

    /** Registers fleetban's own counters; Streams' metrics follow with {@link #bindStreamsMetrics()}. */
    public static CoordinatorMetrics bind(MeterRegistry registry, KafkaStreams streams, LongAdder deadLettered) {
        FunctionCounter.builder(RECORDS_DEAD_LETTERED, deadLettered, LongAdder::sum).register(registry);
        return new CoordinatorMetrics(registry, streams);
    }

    /**
     * Binds Kafka Streams' metrics, once. Called when Streams first reaches RUNNING: the per-topic metrics exist
     * only once tasks are assigned, and the binder looks for new Kafka metrics only every minute after binding.
     */
    public synchronized void bindStreamsMetrics() {
        if (streamsMetrics == null) {
            streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(registry);
        }
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
    }
}
