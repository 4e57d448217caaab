package io.fleetban.shipper;

import io.fleetban.avro.Offense;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.journal.FollowedEntry;
import io.fleetban.shipper.journal.JournalSink;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffensePublisher;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs each entry of one journal jail through the jail's filter, as the line fail2ban's systemd backend builds
 * ({@code host ident[pid]: message}), and publishes each failure as an offense timed by the entry itself.
 *
 * <p>Like a file line, a published entry is held until the broker acknowledged its offense ({@link JailDispatch}), so
 * the saved cursor never passes an entry whose offense might be lost.
 */
final class JournalDispatcher implements JournalSink {

    private final JailDispatch dispatch;
    private final OffenseFactory offenses;

    JournalDispatcher(
            String jail,
            Function<String, MatchResult> filter,
            JailCounters counts,
            OffenseFactory offenses,
            OffensePublisher publisher) {
        this.dispatch = new JailDispatch(jail, filter, counts, publisher);
        this.offenses = offenses;
    }

    @Override
    public void accept(FollowedEntry followed) {
        String line = followed.entry().toFilterLine();
        Supplier<String> where = () -> "journal entry " + followed.entry().cursor();
        MatchResult result = dispatch.match(line, where);
        if (result instanceof MatchResult.Failure failure) {
            Offense offense = offenses.create(dispatch.jail(), followed.entry(), line, failure.ip());
            followed.hold();
            dispatch.publish(offense, followed::release, where);
        } else {
            dispatch.countUnpublished(result);
        }
    }
}
