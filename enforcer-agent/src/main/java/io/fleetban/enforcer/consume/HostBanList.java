package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.status.BanSetDigest;
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
import java.util.Set;
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

    /**
     * The newest decision for a key, one small object per key (a host may hold 100,000s): its time and, for an active
     * ban, its end, kept as seconds and nanoseconds instead of {@link Instant}, {@link Optional} and {@link Ban}
     * objects. {@code active} false = unbanned; {@code permanent} = no end. An entry with an end also waits in the
     * expiry queue, where it is stale once the key got a newer entry.
     */
    private record Entry(
            BanKey key,
            long decidedSeconds,
            int decidedNanos,
            boolean active,
            boolean permanent,
            long endSeconds,
            int endNanos) {

        static Entry unbanned(BanKey key, Instant decidedAt) {
            return new Entry(key, decidedAt.getEpochSecond(), decidedAt.getNano(), false, false, 0, 0);
        }

        static Entry banned(Ban ban, Instant decidedAt) {
            final Instant end = ban.expiresAt().orElse(Instant.EPOCH);
            return new Entry(
                    ban.key(),
                    decidedAt.getEpochSecond(),
                    decidedAt.getNano(),
                    true,
                    ban.expiresAt().isEmpty(),
                    end.getEpochSecond(),
                    end.getNano());
        }

        Entry asUnbanned() {
            return new Entry(key, decidedSeconds, decidedNanos, false, false, 0, 0);
        }

        /** The active ban, empty once unbanned. */
        Optional<Ban> ban() {
            if (!active) {
                return Optional.empty();
            }
            return Optional.of(new Ban(
                    key, permanent ? Optional.empty() : Optional.of(Instant.ofEpochSecond(endSeconds, endNanos))));
        }

        boolean isExpiredAt(Instant now) {
            return active && !permanent && compare(endSeconds, endNanos, now) <= 0;
        }

        /** Whether the firewall must hold this ban at {@code now}. */
        boolean inForceAt(Instant now) {
            return active && !isExpiredAt(now);
        }

        /** Orders this entry's decision time against {@code other}, as {@link Instant#compareTo} does. */
        int compareDecidedTo(Instant other) {
            return compare(decidedSeconds, decidedNanos, other);
        }
    }

    private final Map<BanKey, Entry> entries = new HashMap<>();
    private final PriorityQueue<Entry> expiries =
            new PriorityQueue<>(Comparator.comparingLong(Entry::endSeconds).thenComparingInt(Entry::endNanos));
    private final Map<String, Integer> activePerSet = new HashMap<>();
    private final Duration unbanMemory;
    private final int maxEntriesPerSet;
    /** Counts changes of {@link #entries}. */
    private long version;
    /** The digest of the entries marked active, kept as they change. */
    private final BanSetDigest activeDigest = new BanSetDigest();

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
        if (last != null && last.compareDecidedTo(decidedAt) >= 0) {
            return new Ignored(key, Why.STALE);
        }
        final boolean wasActive = last != null && last.active();
        if (ban.isExpiredAt(now)) {
            record(key, Entry.unbanned(key, decidedAt), wasActive);
            return wasActive ? new Remove(key) : new Ignored(key, Why.EXPIRED);
        }
        if (!wasActive && activePerSet.getOrDefault(setOf(key), 0) >= maxEntriesPerSet) {
            return new Ignored(key, Why.SET_FULL);
        }
        final Entry entry = Entry.banned(ban, decidedAt);
        record(key, entry, wasActive);
        if (!entry.permanent()) {
            expiries.add(entry);
        }
        return new Add(ban);
    }

    /** An unban wins over a ban decided at the same instant: when in doubt, the coordinator's latest word is "free". */
    public Change unban(BanKey key, Instant decidedAt) {
        final Entry last = entries.get(key);
        if (last != null && last.compareDecidedTo(decidedAt) > 0) {
            return new Ignored(key, Why.STALE);
        }
        final boolean wasActive = last != null && last.active();
        record(key, Entry.unbanned(key, decidedAt), wasActive);
        return wasActive ? new Remove(key) : new Ignored(key, Why.NOT_BANNED);
    }

    private void record(BanKey key, Entry entry, boolean wasActive) {
        version++;
        entries.put(key, entry);
        final int delta = (entry.active() ? 1 : 0) - (wasActive ? 1 : 0);
        if (delta != 0) {
            countActive(key, delta);
        }
    }

    private void countActive(BanKey key, int delta) {
        activePerSet.merge(setOf(key), delta, Integer::sum);
        if (delta > 0) {
            activeDigest.add(key.toString());
        } else {
            activeDigest.remove(key.toString());
        }
    }

    /**
     * Ends the bans whose time is up at {@code now} and returns their keys, so the enforcer removes them itself:
     * the kernel's timeouts do it too for ipset and nftables, not for backends without timeouts.
     */
    public List<BanKey> expire(Instant now) {
        final List<BanKey> ended = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.peek().isExpiredAt(now)) {
            final Entry expiry = expiries.poll();
            // Stale when the key got a newer decision (or was pruned) since: that entry is not this one.
            if (entries.get(expiry.key()) == expiry) {
                record(expiry.key(), expiry.asUnbanned(), true);
                ended.add(expiry.key());
            }
        }
        return ended;
    }

    /**
     * When {@link #expire} next has a ban to end ({@link Instant#MAX} when none will): the decision loop sleeps until
     * then instead of looking every second. May be earlier than a real expiry (the ban was decided again since), never
     * later.
     */
    public Instant nextExpiry() {
        final Entry first = expiries.peek();
        return first == null ? Instant.MAX : Instant.ofEpochSecond(first.endSeconds(), first.endNanos());
    }

    /** The bans in force at {@code now}: what the firewall must hold. */
    public Map<BanKey, Ban> active(Instant now) {
        return entries.values().stream()
                .filter(entry -> entry.inForceAt(now))
                .flatMap(entry -> entry.ban().stream())
                .collect(Collectors.toUnmodifiableMap(Ban::key, ban -> ban));
    }

    /**
     * How many bans are in force at {@code now} and the {@link BanSetDigest} of their keys, as this host's status
     * reports them. Kept as bans come and go, so a status costs no walk over the list; only between a ban's end and
     * the {@link #expire} that follows it are the bans in force counted again.
     */
    public Held held(Instant now) {
        if (now.isBefore(nextExpiry())) { // every entry marked active ends after now
            final int count =
                    activePerSet.values().stream().mapToInt(Integer::intValue).sum();
            return new Held(count, activeDigest.hex());
        }
        final Set<BanKey> inForce = active(now).keySet();
        return new Held(inForce.size(), BanSetDigest.of(inForce.stream().map(BanKey::toString)));
    }

    /** The number of bans a host holds and their {@link BanSetDigest}. */
    public record Held(int count, String digest) {}

    /** A number that changes whenever the bans held may have changed. */
    public long version() {
        return version;
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
            final Entry entry = e.getValue();
            if (entry.isExpiredAt(now)) {
                countActive(e.getKey(), -1);
                e.setValue(entry.asUnbanned());
                version++;
            } else if (!entry.active() && entry.compareDecidedTo(forgetBefore) < 0) {
                it.remove();
                version++;
            }
        }
    }

    /** Number of keys remembered, active or not (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    /** Orders an instant held as seconds and nanoseconds against {@code other}. */
    private static int compare(long seconds, int nanos, Instant other) {
        final int bySeconds = Long.compare(seconds, other.getEpochSecond());
        return bySeconds != 0 ? bySeconds : Integer.compare(nanos, other.getNano());
    }

    private static String setOf(BanKey key) {
        return key.jail() + "/" + key.family().suffix();
    }
}
