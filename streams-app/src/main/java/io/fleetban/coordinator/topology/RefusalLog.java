package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.topology.DecisionEvents.RefusedRecord;
import io.fleetban.fail2ban.value.BanTargetRule;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports commands and offenses naming a target that is never banned: every one to the metrics, and one log line
 * per reason per {@link #QUIET_MS} with the latest example and how many were refused since the last line, so a
 * shipper reading {@code 0.0.0.0} from every line of a broken log cannot flood the coordinator's log.
 * One per processor instance (reasons are few, the map stays small).
 */
final class RefusalLog {

    static final long QUIET_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private final RefusedRecord record;
    private final DecisionEvents events;
    private final Map<BanTargetRule.Reason, Long> lastLogged = new EnumMap<>(BanTargetRule.Reason.class);
    private final Map<BanTargetRule.Reason, Long> since = new EnumMap<>(BanTargetRule.Reason.class);

    RefusalLog(RefusedRecord record, DecisionEvents events) {
        this.record = record;
        this.events = events;
    }

    /** Counts the refusal; returns whether it logged. */
    boolean refused(String jail, BanTargetRule.Refused refusal, String from, long now) {
        events.refused(record, refusal.reason());
        long count = since.merge(refusal.reason(), 1L, Long::sum);
        Long last = lastLogged.get(refusal.reason());
        if (last != null && now - last < QUIET_MS) {
            return false;
        }
        lastLogged.put(refusal.reason(), now);
        since.put(refusal.reason(), 0L);
        LOG.warn(
                "refused {} jail={} ip={} reason={} from={}: {} ({} refused for this reason since the last such line)",
                record.name().toLowerCase(Locale.ROOT),
                jail,
                refusal.text(),
                refusal.reason().label(),
                from,
                refusal.message(),
                count);
        return true;
    }
}
