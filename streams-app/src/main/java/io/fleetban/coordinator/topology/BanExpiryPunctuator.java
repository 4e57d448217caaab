package io.fleetban.coordinator.topology;

import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.OffenderState;
import java.util.Optional;
import org.apache.kafka.streams.processor.Punctuator;

/**
 * Wall-clock housekeeping of one task: ends bans whose bantime ran out (an Unban with reason EXPIRED and an
 * active-bans tombstone), forgets offenses that left findtime and, through the ledger, ban histories past their
 * retention. Visits only the states the ledger's expiry index says are due. Work per run is bounded so a backlog
 * (after a long outage) is spread over several runs instead of stalling the stream thread past its poll interval.
 */
final class BanExpiryPunctuator implements Punctuator {

    /** At 4 runs a second, up to 100,000 expiries/s: above the offense rate the coordinator is built for. */
    static final int MAX_ENTRIES_PER_RUN = 25_000;

    private final OffenderLedger ledger;
    private final JailRules rules;

    BanExpiryPunctuator(OffenderLedger ledger, JailRules rules) {
        this.ledger = ledger;
        this.rules = rules;
    }

    @Override
    public void punctuate(long now) {
        ledger.revisitDue(now, MAX_ENTRIES_PER_RUN, offender -> revisit(offender, now));
    }

    private void revisit(OffenderLedger.Offender offender, long now) {
        OffenderState state = offender.state();
        if (state.isBanned() && state.bannedUntil() <= now) {
            ledger.unban(offender, UnbanReason.EXPIRED, null);
        }
        Optional<JailRule> rule = rules.find(offender.jail());
        if (rule.isPresent()) {
            state.dropOlderThan(now - rule.get().findTimeMillis());
        } else {
            state.clearFailures();
        }
        boolean idle = !state.isBanned()
                && state.failures() == 0
                && state.lastDecisionAt() + OffenderLedger.IDLE_RETENTION_MS <= now;
        if (idle) {
            ledger.forget(offender);
        } else {
            ledger.save(offender, 0);
        }
    }
}
