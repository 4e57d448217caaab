package io.fleetban.coordinator.topology;

import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.BanHistoryKey;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Wall-clock housekeeping of one task: ends bans whose bantime ran out (an Unban with reason EXPIRED and an
 * active-bans tombstone), forgets offenses that left findtime and ban histories past their retention. Reads only
 * the expiry index entries due by now (one range scan over time-ordered keys), never the whole state. Work per run is bounded so a backlog (after a long
 * outage) is spread over several runs instead of stalling the stream thread past its poll interval.
 */
final class BanExpiryPunctuator implements Punctuator {

    /** At 4 runs a second, up to 100,000 expiries/s: above the offense rate the coordinator is built for. */
    static final int MAX_ENTRIES_PER_RUN = 25_000;

    private final BanLedger ledger;
    private final JailRules rules;

    BanExpiryPunctuator(BanLedger ledger, JailRules rules) {
        this.ledger = ledger;
        this.rules = rules;
    }

    @Override
    public void punctuate(long now) {
        for (ExpiryIndexKey due : dueEntries(now)) {
            ledger.stores().expiryIndex().delete(due);
            if (BanHistoryKey.isIndexEntry(due.offenderKey())) {
                ledger.history().forgetIfDue(due);
                continue;
            }
            OffenderState state = ledger.stores().offenders().get(due.offenderKey());
            if (state == null || state.dueAt() != due.dueAt()) {
                continue; // superseded by an earlier entry that already handled this state
            }
            state.dueAt(OffenderState.NOT_DUE);
            revisit(due.offenderKey(), state, now);
        }
    }

    private List<ExpiryIndexKey> dueEntries(long now) {
        List<ExpiryIndexKey> due = new ArrayList<>();
        try (KeyValueIterator<ExpiryIndexKey, byte[]> entries =
                     ledger.stores().expiryIndex().range(null, ExpiryIndexKey.dueBy(now))) {
            while (entries.hasNext() && due.size() < MAX_ENTRIES_PER_RUN) {
                KeyValue<ExpiryIndexKey, byte[]> entry = entries.next();
                due.add(entry.key);
            }
        }
        return due;
    }

    private void revisit(String key, OffenderState state, long now) {
        String jail = OffenderKey.jail(key);
        String ip = OffenderKey.ip(key);
        boolean wasFailing = state.failures() > 0;
        if (state.isBanned() && state.bannedUntil() <= now) {
            ledger.unban(jail, ip, state, UnbanReason.EXPIRED, null);
        }
        Optional<JailRule> rule = rules.find(jail);
        if (rule.isPresent()) {
            state.dropOlderThan(now - rule.get().findTimeMillis());
        } else {
            state.clearFailures();
        }
        boolean idle = !state.isBanned() && state.failures() == 0
                && state.lastDecisionAt() + BanLedger.IDLE_RETENTION_MS <= now;
        if (idle) {
            ledger.forget(jail, key, state, wasFailing);
        } else {
            ledger.save(jail, key, state, wasFailing, 0);
        }
    }
}
