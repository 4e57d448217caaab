package io.fleetban.enforcer.status;

import io.fleetban.avro.EnforcerStatus;
import io.fleetban.enforcer.EnforcerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this host's {@link EnforcerStatus} to the compacted enforcer-status topic, keyed by host id: soon after
 * a change and every status interval otherwise, so a host that stops publishing is seen as missing.
 *
 * <p>While decisions flow, a host publishes at most once per spacing, drawn anew after each status between its
 * base and twice that: the random part keeps a fleet's statuses apart, since every host applies the same ban
 * within the same moment and statuses sent in step would reach the brokers and the coordinators all at once, just
 * as the next ban fans out to the same hosts. The base starts at {@link #MIN_SPACING} and doubles with each status
 * that changes had to wait for, up to {@link #MAX_SPACING}: a lone ban is confirmed at once, and a
 * sustained flow of decisions costs the brokers and every coordinator one status per host every 4 to 8 s instead
 * of every 1 to 2 s. The first status after a quiet spell goes out at once, and the base starts again.
 *
 * <p>The decision thread only takes a status and hands it over; the status thread sends it. Nothing the producer
 * does (waiting for metadata, the brokers away) can hold up a ban. At most one status is in flight and one waits:
 * a newer status replaces the waiting one, since a status is the whole state and the newest says everything an
 * older one did. So the producer's buffer never fills. A status the producer fails is dropped, counted in
 * {@link EnforcerMetrics#STATUS_DROPPED} and replaced by the next one; the first failure is logged, then the
 * recovery, not every failure in between.
 */
public final class StatusPublisher implements AutoCloseable {

    /**
     * The first base spacing after a quiet spell. Short, as the coordinator cannot confirm a decision on this host
     * ({@code why}, {@code hosts}) before a status shows it applied.
     */
    static final Duration MIN_SPACING = Duration.ofSeconds(1);
    /**
     * The longest base spacing: what a fleet's statuses cost the brokers and every coordinator (each holds every
     * status) while decisions keep coming, a record per host every 4 to 8 s.
     */
    static final Duration MAX_SPACING = Duration.ofSeconds(4);
    /** The unit of the random part: {@code spreadMillis} draws from 0 to this, scaled to the base. */
    static final Duration SPREAD = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final Producer<String, EnforcerStatus> producer;
    private final String topic;
    private final String hostId;
    private final EnforcerMetrics metrics;
    /** The random part of the next spacing, in milliseconds from 0 to {@link #SPREAD}, scaled to the base. */
    private final LongSupplier spreadMillis;

    private final AtomicReference<EnforcerStatus> waiting = new AtomicReference<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleetban-enforcer-status");
        thread.setDaemon(true);
        return thread;
    });
    /** Decision thread only. */
    private Instant lastPublished = Instant.MIN;
    /** Decision thread only. */
    private Duration spacing = MIN_SPACING;
    /** Decision thread only. */
    private Duration base = MIN_SPACING;
    /** Decision thread only: changes waited for the spacing since the last status. */
    private boolean heldBack;
    /** Status thread only. */
    private boolean inFlight;
    /** Status thread only. */
    private long droppedInARow;

    public StatusPublisher(
            Producer<String, EnforcerStatus> producer, String topic, String hostId, EnforcerMetrics metrics) {
        this(producer, topic, hostId, metrics, () -> ThreadLocalRandom.current().nextLong(SPREAD.toMillis() + 1));
    }

    StatusPublisher(
            Producer<String, EnforcerStatus> producer,
            String topic,
            String hostId,
            EnforcerMetrics metrics,
            LongSupplier spreadMillis) {
        this.producer = producer;
        this.topic = topic;
        this.hostId = hostId;
        this.metrics = metrics;
        this.spreadMillis = spreadMillis;
    }

    /**
     * Hands over a status when {@code tracker} changed and the spacing allows, or the interval is up; returns
     * whether it did. Never waits for the status thread or the producer.
     */
    public boolean publishIfDue(EnforcerStatusTracker tracker, Supplier<EnforcerStatus> snapshot, Instant now) {
        if (now.isBefore(nextDue(tracker))) {
            heldBack |= tracker.changed();
            return false;
        }
        base = heldBack ? min(base.multipliedBy(2), MAX_SPACING) : MIN_SPACING;
        heldBack = false;
        lastPublished = now;
        spacing = base.plusMillis(spreadMillis.getAsLong() * base.toMillis() / SPREAD.toMillis());
        if (waiting.getAndSet(snapshot.get()) == null) {
            execute(this::sendWaiting);
        }
        return true;
    }

    /** When {@link #publishIfDue} next has something to publish, as {@code tracker} stands now. */
    public Instant nextDue(EnforcerStatusTracker tracker) {
        final Duration interval = tracker.interval();
        final Duration wait = tracker.changed() && spacing.compareTo(interval) < 0 ? spacing : interval;
        return lastPublished.plus(wait);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sendWaiting() {
        if (inFlight) {
            return; // sent when the one in flight completes
        }
        final EnforcerStatus status = waiting.getAndSet(null);
        if (status == null) {
            return;
        }
        inFlight = true;
        try {
            producer.send(
                    new ProducerRecord<>(topic, hostId, status), (metadata, error) -> execute(() -> completed(error)));
        } catch (InterruptException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (IllegalStateException e) {
            LOG.debug("status of {} not sent: producer closed", hostId); // close() gave up waiting for this send
        } catch (KafkaException e) {
            completed(e);
        }
    }

    private void completed(Exception error) {
        inFlight = false;
        if (error != null) {
            metrics.increment(EnforcerMetrics.STATUS_DROPPED);
            if (droppedInARow++ == 0) {
                LOG.warn(
                        "status of {} not published to {}, dropped; the next ones are sent as usual, and dropped ones"
                                + " counted, until one is published: {}",
                        hostId,
                        topic,
                        error.toString());
            }
        } else if (droppedInARow > 0) {
            LOG.info("status of {} published to {} again, after {} dropped", hostId, topic, droppedInARow);
            droppedInARow = 0;
        }
        sendWaiting();
    }

    private void execute(Runnable task) {
        try {
            sender.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("status of {} not sent: closing", hostId);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            // The producer must outlive a send in progress on the status thread.
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
