package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.IpFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

/**
 * The ban list this host must enforce, built from decisions in decision-time order. Per (jail, IP) it keeps the
 * newest decision time seen, including recent unbans, so a ban read after its own unban (the two travel on
 * different topics) is recognised as stale and ignored. Unban memories are dropped after {@code unbanMemory}:
 * older reorderings cannot happen once the start-up catch-up is done. Also bounds the entries per set.
 *
 * <p>Not thread-safe: owned by the decision thread.
 */
public final class HostBanList {

    /** What a decision means for the firewall. */
    public sealed interface Change {}

    /** Add the entry, or refresh its timeout. */
    public record Add(Ban ban) implements Change {}

    /** Remove the entry. */
    public record Remove(BanKey key) implements Change {}

    /** Nothing to do, and why (for logs and metrics). */
    public record Ignored(BanKey key, Why why) implements Change {}

    /** Why a decision changes nothing. */
    public enum Why {
        STALE,
        EXPIRED,
        NOT_BANNED,
        SET_FULL
    }

    /** The newest decision for a key; {@code ban} empty = unbanned. */
    private record Entry(Instant decidedAt, Optional<Ban> ban) {}

    /** When a ban ends; stale once the key got a newer decision. */
    private record Expiry(Instant at, BanKey key) {}

    private final Map<BanKey, Entry> entries = new HashMap<>();
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparing(Expiry::at));
    private final Map<String, Integer> activePerSet = new HashMap<>();
    private final Duration unbanMemory;
    private final int maxEntriesPerSet;

    public HostBanList(Duration unbanMemory, int maxEntriesPerSet) {
        this.unbanMemory = unbanMemory;
        this.maxEntriesPerSet = maxEntriesPerSet;
    }

    /** Applies a decision seen at wall-clock {@code now}; see {@link #ban} and {@link #unban}. */
    public Change apply(Decision decision, Instant now) {
        if (decision instanceof Decision.Banned banned) {
            return ban(banned.ban(), banned.decidedAt(), now);
        }
        return unban(decision.key(), decision.decidedAt());
    }

    /**
     * A ban counts only when decided strictly after the key's last decision: a replay of the same ban
     * (snapshot plus topic after a restart) changes nothing.
     */
    public Change ban(Ban ban, Instant decidedAt, Instant now) {
        final BanKey key = ban.key();
        final Entry last = entries.get(key);
        if (last != null && !decidedAt.isAfter(last.decidedAt())) {
            return new Ignored(key, Why.STALE);
        }
        final boolean wasActive = last != null && last.ban().isPresent();
        if (ban.isExpiredAt(now)) {
            record(key, new Entry(decidedAt, Optional.empty()), wasActive);
            return wasActive ? new Remove(key) : new Ignored(key, Why.EXPIRED);
        }
        if (!wasActive && activePerSet.getOrDefault(setOf(key), 0) >= maxEntriesPerSet) {
            return new Ignored(key, Why.SET_FULL);
        }
        record(key, new Entry(decidedAt, Optional.of(ban)), wasActive);
        ban.expiresAt().ifPresent(at -> expiries.add(new Expiry(at, key)));
        return new Add(ban);
    }

    /** An unban wins over a ban decided at the same instant: when in doubt, the coordinator's latest word is "free". */
    public Change unban(BanKey key, Instant decidedAt) {
        final Entry last = entries.get(key);
        if (last != null && decidedAt.isBefore(last.decidedAt())) {
            return new Ignored(key, Why.STALE);
        }
        final boolean wasActive = last != null && last.ban().isPresent();
        record(key, new Entry(decidedAt, Optional.empty()), wasActive);
        return wasActive ? new Remove(key) : new Ignored(key, Why.NOT_BANNED);
    }

    private void record(BanKey key, Entry entry, boolean wasActive) {
        entries.put(key, entry);
        final int delta = (entry.ban().isPresent() ? 1 : 0) - (wasActive ? 1 : 0);
        if (delta != 0) {
            activePerSet.merge(setOf(key), delta, Integer::sum);
        }
    }

    /**
     * Ends the bans whose time is up at {@code now} and returns their keys, so the enforcer removes them itself:
     * the kernel's timeouts do it too for ipset and nftables, not for backends without timeouts.
     */
    public List<BanKey> expire(Instant now) {
        final List<BanKey> ended = new ArrayList<>();
        while (!expiries.isEmpty() && !expiries.peek().at().isAfter(now)) {
            final Expiry expiry = expiries.poll();
            final Entry entry = entries.get(expiry.key());
            final boolean current = entry != null
                    && entry.ban()
                            .flatMap(Ban::expiresAt)
                            .filter(expiry.at()::equals)
                            .isPresent();
            if (current) {
                record(expiry.key(), new Entry(entry.decidedAt(), Optional.empty()), true);
                ended.add(expiry.key());
            }
        }
        return ended;
    }

    /** The bans in force at {@code now}: what the firewall must hold. */
    public Map<BanKey, Ban> active(Instant now) {
        return entries.values().stream()
                .flatMap(entry -> entry.ban().stream())
                .filter(ban -> !ban.isExpiredAt(now))
                .collect(Collectors.toUnmodifiableMap(Ban::key, ban -> ban));
    }

    /** Bans held per set, keyed {@code <jail>/<family>} (expired ones count until {@link #prune}). */
    public Map<String, Integer> activeCounts() {
        return Map.copyOf(activePerSet);
    }

    /** Number of bans held for one jail and family (expired ones count until {@link #prune}). */
    public int activeCount(String jail, IpFamily family) {
        return activePerSet.getOrDefault(jail + "/" + family.suffix(), 0);
    }

    /**
     * Turns expired bans into unban memories and forgets memories decided before {@code now - unbanMemory}.
     * A replay of a forgotten expired ban is still ignored: it is expired.
     */
    public void prune(Instant now) {
        final Instant forgetBefore = now.minus(unbanMemory);
        final Iterator<Map.Entry<BanKey, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<BanKey, Entry> e = it.next();
            final Optional<Ban> ban = e.getValue().ban();
            if (ban.isPresent() && ban.get().isExpiredAt(now)) {
                activePerSet.merge(setOf(e.getKey()), -1, Integer::sum);
                e.setValue(new Entry(e.getValue().decidedAt(), Optional.empty()));
            } else if (ban.isEmpty() && e.getValue().decidedAt().isBefore(forgetBefore)) {
                it.remove();
            }
        }
    }

    /** Number of keys remembered, active or not (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    private static String setOf(BanKey key) {
        return key.jail() + "/" + key.family().suffix();
    }
}
