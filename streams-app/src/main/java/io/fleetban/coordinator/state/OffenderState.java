package io.fleetban.coordinator.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the coordinator remembers about one (jail, IP): the newest offenses still inside findtime, the current
 * ban, and the last decision time. Read and written once per offense, so it is kept small and flat.
 *
 * <p>Only the newest {@code maxretry} offenses are kept: every kept offense lies inside findtime (older ones are
 * dropped against the wall clock, as fail2ban ignores failures older than findtime), so "at least maxretry failures
 * within findtime" is simply "the window holds maxretry offenses". Offenses are kept sorted by their event time,
 * so a late, out-of-order offense takes its right place and the oldest one is the first to fall out.
 *
 * <p>Mutable on purpose: one instance is decoded, changed and encoded per record, with no copies.
 */
public final class OffenderState {

    /** {@link #bannedUntil()} of a permanent ban (fail2ban's {@code bantime = -1}). */
    public static final long PERMANENT = Long.MAX_VALUE;
    /** {@link #dueAt()} when no expiry-index entry exists for this state. */
    public static final long NOT_DUE = Long.MAX_VALUE;
    /** {@link #offset} of an offense whose place on the offenses topic is not known (state from before it was kept). */
    public static final long NO_OFFSET = -1;
    /** Host ids longer than this are cut: a host id is a label, and the state must stay small. */
    static final int MAX_HOST_CHARS = 255;

    private long bannedAt;
    private long bannedUntil;
    private long lastDecisionAt;
    private long dueAt = NOT_DUE;
    private int banCount;
    private int size;
    private long[] eventTimes;
    private long[] offenseIds;
    private long[] offsets;
    private String[] hosts;

    private OffenderState(int capacity) {
        eventTimes = new long[capacity];
        offenseIds = new long[capacity];
        offsets = new long[capacity];
        hosts = new String[capacity];
    }

    /** A fresh state with room for {@code capacity} offenses before it grows. */
    public static OffenderState empty(int capacity) {
        return new OffenderState(Math.max(1, capacity));
    }

    static OffenderState restored(
            long bannedAt,
            long bannedUntil,
            long lastDecisionAt,
            long dueAt,
            int banCount,
            long[] eventTimes,
            long[] offenseIds,
            long[] offsets,
            String[] hosts) {
        OffenderState state = new OffenderState(eventTimes.length);
        state.bannedAt = bannedAt;
        state.bannedUntil = bannedUntil;
        state.lastDecisionAt = lastDecisionAt;
        state.dueAt = dueAt;
        state.banCount = banCount;
        state.size = eventTimes.length;
        System.arraycopy(eventTimes, 0, state.eventTimes, 0, eventTimes.length);
        System.arraycopy(offenseIds, 0, state.offenseIds, 0, offenseIds.length);
        System.arraycopy(offsets, 0, state.offsets, 0, offsets.length);
        System.arraycopy(hosts, 0, state.hosts, 0, hosts.length);
        return state;
    }

    public boolean isBanned() {
        return bannedAt != 0;
    }

    /** Coordinator wall-clock time of the active ban's decision; 0 when not banned. */
    public long bannedAt() {
        return bannedAt;
    }

    /** End of the active ban ({@link #PERMANENT} for a permanent one); meaningless when not banned. */
    public long bannedUntil() {
        return bannedUntil;
    }

    public long lastDecisionAt() {
        return lastDecisionAt;
    }

    /** Time of this state's entry in the expiry index, or {@link #NOT_DUE}. */
    public long dueAt() {
        return dueAt;
    }

    public void dueAt(long dueAt) {
        this.dueAt = dueAt;
    }

    /**
     * How many times this IP was banned in this jail while this state lived. {@code bantime.increment} does not build
     * on it (the state is dropped soon after it goes idle): it counts in {@link BanHistory}, which outlives it.
     */
    public int banCount() {
        return banCount;
    }

    /** Offenses currently inside the window. */
    public int failures() {
        return size;
    }

    /** Event time of the newest offense in the window; only meaningful when {@link #failures()} is positive. */
    public long newestEventTime() {
        return eventTimes[size - 1];
    }

    /** Whether an offense with this fingerprint is already counted: a shipper resending after a crash. */
    public boolean contains(long offenseId) {
        for (int i = 0; i < size; i++) {
            if (offenseIds[i] == offenseId) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts one offense at its event time, keeping at most {@code keep} newest ones. An offense older than all
     * {@code keep} kept ones changes nothing, exactly as it would not have changed fail2ban's count.
     */
    public void record(long eventTime, long offenseId, String host, int keep) {
        record(eventTime, offenseId, host, NO_OFFSET, keep);
    }

    /**
     * As {@link #record(long, long, String, int)}, remembering where the offense is on the offenses topic (its
     * partition is the state's own), so a query can show the matched line without the state holding it.
     */
    public void record(long eventTime, long offenseId, String host, long offset, int keep) {
        ensureCapacity(size + 1);
        int at = size;
        while (at > 0 && eventTimes[at - 1] > eventTime) {
            at--;
        }
        System.arraycopy(eventTimes, at, eventTimes, at + 1, size - at);
        System.arraycopy(offenseIds, at, offenseIds, at + 1, size - at);
        System.arraycopy(offsets, at, offsets, at + 1, size - at);
        System.arraycopy(hosts, at, hosts, at + 1, size - at);
        eventTimes[at] = eventTime;
        offenseIds[at] = offenseId;
        offsets[at] = offset;
        hosts[at] = host.length() > MAX_HOST_CHARS ? host.substring(0, MAX_HOST_CHARS) : host;
        size++;
        if (size > keep) {
            dropOldest(size - keep);
        }
    }

    /** Forgets offenses whose event time is before {@code cutoff} (they left findtime). */
    public void dropOlderThan(long cutoff) {
        int stale = 0;
        while (stale < size && eventTimes[stale] < cutoff) {
            stale++;
        }
        dropOldest(stale);
    }

    /** Forgets every counted offense: after a ban (fail2ban starts counting anew) or a manual unban. */
    public void clearFailures() {
        Arrays.fill(hosts, 0, size, null);
        size = 0;
    }

    /** Distinct hosts of the counted offenses, in the order they first appear. */
    public List<String> distinctHosts() {
        List<String> distinct = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (!distinct.contains(hosts[i])) {
                distinct.add(hosts[i]);
            }
        }
        return distinct;
    }

    /** Distinct hosts among the newest {@code newest} counted offenses ({@code fleet.minhosts} looks at these). */
    public int distinctHostsAmongNewest(int newest) {
        List<String> distinct = new ArrayList<>();
        for (int i = Math.max(0, size - newest); i < size; i++) {
            if (!distinct.contains(hosts[i])) {
                distinct.add(hosts[i]);
            }
        }
        return distinct.size();
    }

    /** The host that reported the most counted offenses (the first such host on a tie); null when none is counted. */
    public String busiestHost() {
        String busiest = null;
        int most = 0;
        for (int i = 0; i < size; i++) {
            int count = failuresFrom(hosts[i]);
            if (count > most) {
                most = count;
                busiest = hosts[i];
            }
        }
        return busiest;
    }

    /** Counted offenses reported by {@code host}. */
    public int failuresFrom(String host) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (hosts[i].equals(host)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Takes the time of a new decision for this (jail, IP): the wall clock, but strictly after the previous
     * decision, so an enforcer that reads a ban and an unban from two topics can always tell which came last.
     */
    public long nextDecisionTime(long now) {
        lastDecisionAt = Math.max(now, lastDecisionAt + 1);
        return lastDecisionAt;
    }

    /** Starts a ban decided at {@code at}; counting starts anew, as fail2ban forgets the failures of a banned IP. */
    public void ban(long at, long until) {
        bannedAt = at;
        bannedUntil = until;
        banCount++;
        clearFailures();
    }

    public void unban() {
        bannedAt = 0;
        bannedUntil = 0;
    }

    /** Event time of the {@code index}-th counted offense, oldest first. */
    public long eventTime(int index) {
        return eventTimes[index];
    }

    long offenseId(int index) {
        return offenseIds[index];
    }

    /** Offset on the offenses topic of the {@code index}-th counted offense, or {@link #NO_OFFSET}. */
    public long offset(int index) {
        return offsets[index];
    }

    /** Host that reported the {@code index}-th counted offense. */
    public String host(int index) {
        return hosts[index];
    }

    private void dropOldest(int count) {
        if (count <= 0) {
            return;
        }
        int remaining = size - count;
        System.arraycopy(eventTimes, count, eventTimes, 0, remaining);
        System.arraycopy(offenseIds, count, offenseIds, 0, remaining);
        System.arraycopy(offsets, count, offsets, 0, remaining);
        System.arraycopy(hosts, count, hosts, 0, remaining);
        Arrays.fill(hosts, remaining, size, null);
        size = remaining;
    }

    private void ensureCapacity(int needed) {
        if (needed > eventTimes.length) {
            int capacity = Math.max(needed, eventTimes.length * 2);
            eventTimes = Arrays.copyOf(eventTimes, capacity);
            offenseIds = Arrays.copyOf(offenseIds, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            hosts = Arrays.copyOf(hosts, capacity);
        }
    }
}
