package io.fleetban.coordinator.state;

import io.fleetban.kafka.Topics;

/**
 * Key of one (jail, IP) in the coordinator's stores: {@code "<jail>/<ip>"}, the same text as the active-bans topic
 * key ({@code Topics.activeBanKey}). Jail names never contain '/', so the first '/' splits it (an IP may be a CIDR
 * prefix and contain one).
 */
public final class OffenderKey {

    private static final char SEPARATOR = '/';

    private OffenderKey() {}

    public static String of(String jail, String ip) {
        return Topics.activeBanKey(jail, ip);
    }

    public static String jail(String key) {
        return key.substring(0, separatorIndex(key));
    }

    public static String ip(String key) {
        return key.substring(separatorIndex(key) + 1);
    }

    /** The smallest key of this jail, for prefix scans of one jail's entries. */
    public static String jailPrefix(String jail) {
        return jail + SEPARATOR;
    }

    private static int separatorIndex(String key) {
        int index = key.indexOf(SEPARATOR);
        if (index < 0) {
            throw new IllegalArgumentException("not a <jail>/<ip> key: " + key);
        }
        return index;
    }
}
