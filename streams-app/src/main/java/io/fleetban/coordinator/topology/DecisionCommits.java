package io.fleetban.coordinator.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits a task's transaction soon after it decides something, instead of at the next commit interval.
 *
 * <p>Under exactly-once a ban is invisible to the enforcers until its transaction commits, and a commit costs the
 * stream thread a flush and two broker round trips. A short commit interval buys ban latency with that cost on every
 * batch of offenses, of which almost none decides anything. So the interval stays long (throughput) and a decision
 * asks Kafka Streams for a commit itself ({@link ProcessorContext#commit()}, honoured after the records being
 * processed now): latency where it matters. Requests are at least {@code spacing} apart, so a wave of bans cannot
 * shrink every transaction to a handful of records; a decision inside that spacing is requested by a wall-clock
 * punctuation when it ends.
 */
final class DecisionCommits {

    private final ProcessorContext<?, ?> context;
    private final long spacingMs;
    private long lastRequestMs = Long.MIN_VALUE / 2;
    private boolean pending;

    DecisionCommits(ProcessorContext<?, ?> context, Duration spacing) {
        this.context = context;
        this.spacingMs = spacing.toMillis();
        context.schedule(spacing, PunctuationType.WALL_CLOCK_TIME, this::requestIfPending);
    }

    /** A decision record was forwarded: commit as soon as the spacing allows. */
    void decided() {
        pending = true;
        requestIfPending(context.currentSystemTimeMs());
    }

    private void requestIfPending(long now) {
        if (pending && now - lastRequestMs >= spacingMs) {
            context.commit();
            lastRequestMs = now;
            pending = false;
        }
    }
}
