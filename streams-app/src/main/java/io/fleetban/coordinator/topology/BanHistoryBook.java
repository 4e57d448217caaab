package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.BanHistory;
import io.fleetban.coordinator.state.BanHistoryKey;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * fleetban's counterpart of fail2ban's ban database for {@code bantime.increment}: how many times an IP was banned,
 * per jail and over all jails. Offenses and commands are keyed by IP, so every jail's bans of one IP land in this one
 * task: the overall count is exact fleet-wide without any repartitioning. The store has a changelog, so the count
 * survives restarts and moves with the task.
 *
 * <p>Entries are written only when a jail uses {@code bantime.increment} (its own count) or some jail uses
 * {@code bantime.overalljails} (the overall count), and each is forgotten a bounded time after the end of the IP's
 * last ban ({@link BanTimeIncrement#historyRetention()}), so one-off offenders do not accumulate.
 */
final class BanHistoryBook {

    private final KeyValueStore<String, BanHistory> history;
    private final KeyValueStore<ExpiryIndexKey, byte[]> expiryIndex;
    private final long overallRetentionMillis;

    BanHistoryBook(TaskStores stores, JailRules rules) {
        this.history = stores.banHistory();
        this.expiryIndex = stores.expiryIndex();
        this.overallRetentionMillis = rules.overallHistoryRetention().toMillis();
    }

    /** fail2ban's {@code ban.Count}: earlier bans of the IP that this jail's increment counts; 0 when it is off. */
    int priorBans(JailRule rule, String ip) {
        BanTimeIncrement increment = rule.policy().banTimeIncrement();
        if (!increment.enabled()) {
            return 0;
        }
        BanHistory entry =
                history.get(increment.overallJails() ? BanHistoryKey.overall(ip) : BanHistoryKey.of(rule.name(), ip));
        return entry == null ? 0 : entry.banCount();
    }

    /** Remembers a ban (automatic or manual: fail2ban's database records both) that lasts until {@code expiresAt}. */
    void recordBan(JailRule rule, String ip, long bannedAt, long expiresAt) {
        long end = expiresAt == OffenderState.PERMANENT ? bannedAt : expiresAt;
        BanTimeIncrement increment = rule.policy().banTimeIncrement();
        if (increment.enabled()) {
            remember(
                    BanHistoryKey.of(rule.name(), ip),
                    end + increment.historyRetention().toMillis());
        }
        if (overallRetentionMillis > 0) {
            remember(BanHistoryKey.overall(ip), end + overallRetentionMillis);
        }
    }

    /** Drops the entry an expiry-index entry points at, unless a later ban has moved its time since. */
    void forgetIfDue(ExpiryIndexKey due) {
        String key = BanHistoryKey.fromIndexEntry(due.offenderKey());
        BanHistory entry = history.get(key);
        if (entry != null && entry.forgetAt() == due.dueAt()) {
            history.delete(key);
        }
    }

    private void remember(String key, long forgetAt) {
        BanHistory old = history.get(key);
        BanHistory updated = old == null
                ? new BanHistory(1, forgetAt)
                : new BanHistory(old.banCount() + 1, Math.max(old.forgetAt(), forgetAt));
        if (old == null || old.forgetAt() != updated.forgetAt()) {
            if (old != null) {
                expiryIndex.delete(new ExpiryIndexKey(old.forgetAt(), BanHistoryKey.indexEntry(key)));
            }
            expiryIndex.put(new ExpiryIndexKey(updated.forgetAt(), BanHistoryKey.indexEntry(key)), new byte[0]);
        }
        history.put(key, updated);
    }
}
