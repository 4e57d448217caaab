package io.fleetban.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which simulated hosts applied which banned address, and when the last of them did: one entry per tracked
 * address (not per host and address), so thousands of hosts cost the bench no more memory than the bans do.
 * Written by every host's decision thread, read by the bench.
 */
final class FanoutTally {

    /** One tracked address: how many hosts applied it, and the latest of their wall-clock apply times. */
    static final class Arrivals {
        private final AtomicInteger hosts = new AtomicInteger();
        private final AtomicLong lastMillis = new AtomicLong();

        void applied(long wallMillis) {
            lastMillis.accumulateAndGet(wallMillis, Math::max);
            hosts.incrementAndGet();
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
        final Arrivals arrivals = tracked.get(ip);
        if (arrivals != null) {
            arrivals.applied(wallMillis);
        }
    }

    void clear() {
        tracked.clear();
    }
}
