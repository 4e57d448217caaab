package io.fleetban.shipper;

import io.fleetban.avro.Offense;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.journal.FollowedEntry;
import io.fleetban.shipper.journal.JournalSink;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffensePublisher;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each entry of one journal jail through the jail's filter, as the line fail2ban's systemd backend builds
 * ({@code host ident[pid]: message}), and publishes each failure as an offense timed by the entry itself.
 *
 * <p>Like a file line, a published entry is held until the broker acknowledged its offense, so the saved cursor
 * never passes an entry whose offense might be lost; a send that fails for good leaves it held and the next start
 * reads it again.
 */
final class JournalDispatcher implements JournalSink {

    private static final Logger log = LoggerFactory.getLogger(JournalDispatcher.class);

    private final String jail;
    private final Function<String, MatchResult> filter;
    private final JailCounters counts;
    private final OffenseFactory offenses;
    private final OffensePublisher publisher;

    JournalDispatcher(String jail, Function<String, MatchResult> filter, JailCounters counts, OffenseFactory offenses,
                      OffensePublisher publisher) {
        this.jail = jail;
        this.filter = filter;
        this.counts = counts;
        this.offenses = offenses;
        this.publisher = publisher;
    }

    @Override
    public void accept(FollowedEntry followed) {
        String line = followed.entry().toFilterLine();
        counts.lineRead();
        MatchResult result = match(followed, line);
        if (result instanceof MatchResult.Failure failure) {
            counts.lineMatched();
            publish(followed, line, failure);
        } else if (result instanceof MatchResult.Ignored) {
            counts.lineIgnored();
        } else if (result instanceof MatchResult.Missed missed) {
            counts.lineMissed(MatchResult.Missed.INVALID_ADDRESS.equals(missed.reason()));
        }
    }

    /** A filter that throws on one entry must not stop the journal, nor make it re-read that entry forever. */
    private MatchResult match(FollowedEntry followed, String line) {
        try {
            return filter.apply(line);
        } catch (RuntimeException e) {
            log.warn("jail={} filter failed on journal entry {}, counted as missed: {}", jail,
                    followed.entry().cursor(), e.toString(), e);
            return MatchResult.Missed.of("filter error: " + e.getMessage());
        }
    }

    private void publish(FollowedEntry followed, String line, MatchResult.Failure failure) {
        Offense offense = offenses.create(jail, followed.entry(), line, failure.ip());
        followed.hold();
        publisher.publish(offense).whenComplete((metadata, error) -> {
            if (error == null) {
                counts.offensePublished();
                followed.release();
            } else {
                counts.publishFailed();
                log.warn("jail={} ip={} offense {} from journal entry {} not published, resent after restart: {}",
                        jail, offense.getIp(), offense.getOffenseId(), followed.entry().cursor(), error.toString());
            }
        });
    }
}
