package io.fleetban.shipper;

import io.fleetban.avro.Offense;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.publish.OffensePublisher;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One jail's way from a line to Kafka, the same for a log file's lines and the journal's entries: the jail's filter,
 * the counters of its verdicts, and the publish whose acknowledgement releases the line.
 *
 * <p>A line is held (in its file's checkpoint, or as the journal's cursor) until the broker acknowledged its offense.
 * A send that fails for good is logged and counted, and its line stays held: the saved position cannot move past it,
 * so the next start sends it again instead of losing it.
 */
final class JailDispatch {

    private static final Logger log = LoggerFactory.getLogger(JailDispatch.class);

    private final String jail;
    private final Function<String, MatchResult> filter;
    private final JailCounters counts;
    private final OffensePublisher publisher;

    JailDispatch(String jail, Function<String, MatchResult> filter, JailCounters counts, OffensePublisher publisher) {
        this.jail = jail;
        this.filter = filter;
        this.counts = counts;
        this.publisher = publisher;
    }

    String jail() {
        return jail;
    }

    JailCounters counts() {
        return counts;
    }

    /**
     * The filter's verdict on one line, counted as read (and as matched when a failure). A filter that throws on one
     * line must not stop the shipper, nor make it re-read that line forever: the line counts as missed.
     *
     * @param where names the line in the log, should the filter throw
     */
    MatchResult match(String line, Supplier<String> where) {
        counts.lineRead();
        MatchResult result;
        try {
            result = filter.apply(line);
        } catch (RuntimeException e) {
            log.warn("jail={} filter failed on {}, counted as missed: {}", jail, where.get(), e.toString(), e);
            result = MatchResult.Missed.of("filter error: " + e.getMessage());
        }
        if (result instanceof MatchResult.Failure) {
            counts.lineMatched();
        }
        return result;
    }

    /** Counts a verdict that publishes nothing: an ignored line, or a missed one. */
    void countUnpublished(MatchResult result) {
        if (result instanceof MatchResult.Ignored) {
            counts.lineIgnored();
        } else if (result instanceof MatchResult.Missed missed) {
            counts.lineMissed(MatchResult.Missed.INVALID_ADDRESS.equals(missed.reason()));
        }
    }

    /**
     * Publishes the offense of a line the caller holds already. The callback keeps only what it needs until the
     * broker answers, not the offense: a backlog has a whole producer buffer of offenses in flight, and every object
     * they retain is heap the GC copies.
     *
     * @param release frees the line once the broker acknowledged the offense
     * @param where   names the line in the log, should the send fail
     */
    void publish(Offense offense, Runnable release, Supplier<String> where) {
        String ip = offense.getIp();
        String offenseId = offense.getOffenseId();
        publisher.publish(offense).whenComplete((metadata, error) -> {
            if (error == null) {
                counts.offensePublished();
                release.run();
            } else {
                counts.publishFailed();
                log.warn(
                        "jail={} ip={} offense {} from {} not published, resent after restart: {}",
                        jail,
                        ip,
                        offenseId,
                        where.get(),
                        error.toString());
            }
        });
    }
}
