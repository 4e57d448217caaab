package io.fleetban.coordinator.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits a task's transaction soon after it decides something, instead of at the next commit interval, and a burst
 * of decisions in a few commits rather than one each.
 *
 * <p>Under exactly-once a ban is invisible to the enforcers until its transaction commits, and a commit costs the
 * stream thread a flush and two broker round trips. A short commit interval buys ban latency with that cost on every
 * batch of offenses, of which almost none decides anything. So the interval stays long (throughput) and a decision
 * asks Kafka Streams for a commit itself ({@link ProcessorContext#commit()}): latency where it matters.
 *
 * <p>Right after a commit Streams processes one record per task before it honours the next request, so asking at
 * every decision would commit a burst (thousands of manual bans, a wave of expiries) a decision or two at a time,
 * each paying a whole commit. Instead, once a requested commit is done, the decisions that follow wait as long as
 * that commit took (at least {@code spacing}) and are then committed together: a group commit, in which deciding
 * keeps about half of the thread's time whatever a commit costs. A decision after a quiet spell is still committed
 * at once. A held-back decision is requested by a later one or by a wall-clock punctuation every {@code spacing}.
 *
 * <p>Processors are not told when a commit ends; the stream thread's loop tells it. Each pass processes a batch of
 * records per task (at one wall-clock time), then runs due punctuations, then honours commit requests. So a request
 * made while processing is done by the next batch processed at a later time, or by the second punctuation after it
 * (the first may run before the commit, in the same pass); one made by a punctuation, by the next punctuation. The
 * measured length may include up to a spacing and a poll of idle time.
 */
final class DecisionCommits {

    private final ProcessorContext<?, ?> context;
    private final long spacingMs;
    /** How long decisions wait after a commit's end: the last requested commit's length, at least the spacing. */
    private long waitMs;

    private long requestedMs;
    /** Punctuations still to run before the requested commit is surely done; 0 when no request is outstanding. */
    private int punctuationsToCommit;

    private long committedMs = Long.MIN_VALUE / 2;
    private boolean pending;

    DecisionCommits(ProcessorContext<?, ?> context, Duration spacing) {
        this.context = context;
        this.spacingMs = spacing.toMillis();
        this.waitMs = spacingMs;
        context.schedule(spacing, PunctuationType.WALL_CLOCK_TIME, this::punctuated);
    }

    /** A decision record was forwarded: commit at once, or with the decisions that follow it. */
    void decided() {
        long now = context.currentSystemTimeMs();
        if (punctuationsToCommit > 0 && now > requestedMs) {
            committed(now);
        }
        pending = true;
        requestIfDue(now, 2);
    }

    private void punctuated(long now) {
        if (punctuationsToCommit > 0 && --punctuationsToCommit == 0) {
            committed(now);
        }
        requestIfDue(now, 1);
    }

    private void committed(long now) {
        punctuationsToCommit = 0;
        committedMs = now;
        waitMs = Math.max(spacingMs, now - requestedMs);
    }

    private void requestIfDue(long now, int punctuationsUntilDone) {
        if (pending && punctuationsToCommit == 0 && now - committedMs >= waitMs) {
            context.commit();
            requestedMs = now;
            punctuationsToCommit = punctuationsUntilDone;
            pending = false;
        }
    }
}
