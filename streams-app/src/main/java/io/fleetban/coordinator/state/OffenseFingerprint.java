package io.fleetban.coordinator.state;

/**
 * A 64-bit fingerprint of an offense id (FNV-1a over its UTF-16 chars). The state keeps fingerprints instead of the
 * ids themselves: 8 bytes per counted offense, and a collision among the few offenses kept per (jail, IP) is
 * vanishingly unlikely.
 */
public final class OffenseFingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private OffenseFingerprint() {}

    public static long of(String offenseId) {
        long hash = OFFSET_BASIS;
        for (int i = 0; i < offenseId.length(); i++) {
            char c = offenseId.charAt(i);
            hash = (hash ^ (c & 0xff)) * PRIME;
            hash = (hash ^ (c >>> 8)) * PRIME;
        }
        return hash;
    }
}
