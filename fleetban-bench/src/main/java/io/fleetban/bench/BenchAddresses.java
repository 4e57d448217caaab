package io.fleetban.bench;

/**
 * The benchmark's IPv4 addresses, as text only (nothing is ever sent to them): preloaded offenders count up from
 * 100.64.0.0 (the 100.64.0.0/10 shared address space, room for 4,194,304), latency tries from 198.18.0.0 (the
 * 198.18.0.0/15 benchmarking range), so a latency try never meets a preloaded state.
 */
final class BenchAddresses {

    static final int MAX_PRELOADED = 1 << 22;
    static final int MAX_TRIES = 1 << 17;
    private static final int PRELOAD_BASE = (100 << 24) | (64 << 16);
    private static final int TRY_BASE = (198 << 24) | (18 << 16);

    private BenchAddresses() {}

    static String preloaded(int index) {
        if (index < 0 || index >= MAX_PRELOADED) {
            throw new IllegalArgumentException("preloaded IP index out of range: " + index);
        }
        return dotted(PRELOAD_BASE + index);
    }

    static String latencyTry(int index) {
        if (index < 0 || index >= MAX_TRIES) {
            throw new IllegalArgumentException("latency try index out of range: " + index);
        }
        return dotted(TRY_BASE + index);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
