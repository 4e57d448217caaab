package io.fleetban.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * How many simulated hosts applied each tracked banned address, and when the last of them did: one entry per
 * tracked address (not per host and address), so thousands of hosts cost the bench no more memory than the bans do.
 * In a {@link FanoutShard} every host's decision thread writes it; in the bench, the shards' reports do.
 */
final class FanoutTally {

    /** One tracked address: how many hosts applied it, and the latest of their wall-clock apply times. */
    static final class Arrivals {
        private final AtomicInteger hosts = new AtomicInteger();
        private final AtomicLong lastMillis = new AtomicLong();

        void applied(int newHosts, long wallMillis) {
            lastMillis.accumulateAndGet(wallMillis, Math::max);
            hosts.addAndGet(newHosts);
        }

        int hosts() {
            return hosts.get();
        }

        long lastMillis() {
            return lastMillis.get();
        }
    }

    private final Map<String, Arrivals> tracked = new ConcurrentHashMap<>();

    /** Starts tracking {@code ip}; bans of untracked addresses are only counted by their hosts. */
    Arrivals track(String ip) {
        return tracked.computeIfAbsent(ip, key -> new Arrivals());
    }

    /** Called by a host's backend for each address its firewall commit added. */
    void applied(String ip, long wallMillis) {
        applied(ip, 1, wallMillis);
    }

    /** {@code newHosts} more hosts applied {@code ip}, the last of them at {@code wallMillis}. */
    void applied(String ip, int newHosts, long wallMillis) {
        final Arrivals arrivals = tracked.get(ip);
        if (arrivals != null) {
            arrivals.applied(newHosts, wallMillis);
        }
    }

    /** Every tracked address and where it stands now. */
    void forEach(BiConsumer<String, Arrivals> action) {
        tracked.forEach(action);
    }

    void clear() {
        tracked.clear();
    }
}
