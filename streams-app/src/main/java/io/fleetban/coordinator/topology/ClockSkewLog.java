package io.fleetban.coordinator.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs hosts whose log times run ahead of the coordinator's clock: once per host per {@link #QUIET_MS}, so an
 * operator learns which host to fix without one broken host flooding the log. Remembers at most
 * {@link #MAX_HOSTS} hosts (host ids come from a topic, so the map must stay bounded).
 */
final class ClockSkewLog {

    static final long QUIET_MS = 600_000;
    static final int MAX_HOSTS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClockSkewLog.class);

    private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_HOSTS;
        }
    };

    /** Returns whether it logged. */
    boolean skewed(String jail, String hostId, long aheadMillis, long now) {
        Long last = lastLogged.get(hostId);
        if (last != null && now - last < QUIET_MS) {
            return false;
        }
        lastLogged.put(hostId, now);
        LOG.warn(
                "clock skew: host={} jail={} log time {} ms ahead of the coordinator; counted as now (check the "
                        + "host's clock and its logtimezone)",
                hostId,
                jail,
                aheadMillis);
        return true;
    }
}
