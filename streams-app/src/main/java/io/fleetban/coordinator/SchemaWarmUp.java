package io.fleetban.coordinator;

import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.wire.AvroSerde;
import io.fleetban.wire.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before Kafka Streams starts, makes the Schema Registry calls the coordinator's serializers would make for their
 * first record (register, or find, the schema of each topic it writes), into the serdes' own cache, and waits for the
 * registry while it cannot answer. Afterwards no decision needs the registry: during an outage a stream thread that
 * did would fail, and under exactly-once its replacement wipes and restores its tasks' state from the changelog.
 *
 * <p>The cache is the registry client's, shared by every stream thread and every replaced thread, and kept on disk
 * under the state directory: a coordinator restarted during an outage finds its schemas there and does not wait.
 * The wait itself is unbounded (nothing can be decided without the schemas), with retries logged and backed off up
 * to {@link #MAX_RETRY}; {@link #close()} ends it.
 */
final class SchemaWarmUp implements AutoCloseable {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SchemaWarmUp.class);

    private final List<Topic<String, ?>> written;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final CountDownLatch closed = new CountDownLatch(1);

    SchemaWarmUp(List<Topic<String, ?>> written, Duration firstRetry, Duration maxRetry) {
        this.written = List.copyOf(written);
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    /**
     * The topics the coordinator writes Avro records to: decisions from the ban topology, escalation commands from
     * its escalation branch (registered even when no jail escalates: one call, and the topology stays free to).
     */
    static SchemaWarmUp forCoordinatorOutputs(Topics topics) {
        return new SchemaWarmUp(
                List.of(topics.bans(), topics.unbans(), topics.activeBans(), topics.commands()),
                FIRST_RETRY,
                MAX_RETRY);
    }

    /**
     * Resolves every schema, waiting while the registry cannot answer.
     *
     * @return true once all are resolved; false when closed (or interrupted) first
     * @throws org.apache.kafka.common.errors.SerializationException when the registry refuses a schema (incompatible,
     *         access denied to a subject): no wait would help
     */
    boolean await() {
        Deque<Topic<String, ?>> pending = new ArrayDeque<>(written);
        Duration retry = firstRetry;
        while (!pending.isEmpty()) {
            if (closed.getCount() == 0) {
                return false;
            }
            try {
                resolve(pending.peek());
                pending.pop();
            } catch (SchemaRegistryUnavailableException e) {
                LOG.warn(
                        "schema registry unavailable, retrying in {} ({} schemas to resolve before the coordinator"
                                + " starts): {}",
                        retry,
                        pending.size(),
                        e.getMessage());
                if (waitForClose(retry)) {
                    return false;
                }
                retry = retry.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : retry.multipliedBy(2);
            }
        }
        return closed.getCount() != 0;
    }

    private static void resolve(Topic<String, ?> topic) {
        if (topic.valueSerde() instanceof AvroSerde<?> avro) {
            avro.resolveWriterSchema(topic.name());
        }
    }

    /** True when closed (or interrupted) within {@code wait}. */
    private boolean waitForClose(Duration wait) {
        try {
            return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Ends a wait in {@link #await()} (from another thread: the coordinator is closing). */
    @Override
    public void close() {
        closed.countDown();
    }
}
