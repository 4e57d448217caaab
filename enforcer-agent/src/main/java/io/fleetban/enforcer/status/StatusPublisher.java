package io.fleetban.enforcer.status;

import io.fleetban.avro.EnforcerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this host's {@link EnforcerStatus} to the compacted enforcer-status topic, keyed by host id: soon after
 * a change (at most every {@link #MIN_SPACING}, since the ban-set digest sorts every ban) and every status interval
 * otherwise, so a host that stops publishing is seen as missing. The snapshot is taken on the decision thread (which
 * owns the ban list) and sent from a thread of its own, keeping only the latest unsent one: a producer waiting for
 * metadata (the topic missing, the brokers away) never holds up a ban. A failed send is logged once and retried by
 * the next publication; status is never worth stopping enforcement for.
 */
public final class StatusPublisher implements AutoCloseable {

    static final Duration MIN_SPACING = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final Producer<String, EnforcerStatus> producer;
    private final String topic;
    private final String hostId;
    private Instant lastPublished = Instant.MIN;
    private volatile boolean lastFailed;
    private final AtomicReference<EnforcerStatus> unsent = new AtomicReference<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleetban-enforcer-status");
        thread.setDaemon(true);
        return thread;
    });

    public StatusPublisher(Producer<String, EnforcerStatus> producer, String topic, String hostId) {
        this.producer = producer;
        this.topic = topic;
        this.hostId = hostId;
    }

    /** Publishes when {@code tracker} changed and the spacing allows, or the interval is up; returns whether it did. */
    public boolean publishIfDue(EnforcerStatusTracker tracker, Supplier<EnforcerStatus> status, Instant now) {
        boolean spaced = !now.isBefore(lastPublished.plus(MIN_SPACING));
        boolean due = !now.isBefore(lastPublished.plus(tracker.interval()));
        if (!(due || tracker.changed() && spaced)) {
            return false;
        }
        lastPublished = now;
        if (unsent.getAndSet(status.get()) == null) {
            sender.execute(this::sendLatest);
        }
        return true;
    }

    private void sendLatest() {
        EnforcerStatus latest = unsent.getAndSet(null);
        if (latest == null) {
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, hostId, latest), (metadata, error) -> failed(error));
        } catch (KafkaException e) {
            failed(e);
        }
    }

    private void failed(Exception error) {
        if (error != null && !lastFailed) {
            LOG.warn(
                    "publishing the status of {} to {} failed (retried every interval): {}",
                    hostId,
                    topic,
                    error.toString());
        }
        lastFailed = error != null;
    }

    @Override
    public void close() {
        sender.shutdownNow();
        producer.close(Duration.ofSeconds(2));
    }
}
