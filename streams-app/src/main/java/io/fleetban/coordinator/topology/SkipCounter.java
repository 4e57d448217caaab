package io.fleetban.coordinator.topology;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Counts records a processor skips and logs them without flooding: the first of each kind at WARN, then every
 * 1000th, so a broken shipper is visible but cannot fill the disk with log lines.
 */
final class SkipCounter {

    private static final long LOG_EVERY = 1000;

    private final Logger log;
    private final LongAdder total = new LongAdder();

    SkipCounter(Logger log) {
        this.log = log;
    }

    void skip(String why, Object what) {
        total.increment();
        long count = total.sum();
        if (count == 1 || count % LOG_EVERY == 0) {
            log.warn("skipped {}: {} ({} skipped so far)", why, what, count);
        }
    }

    long total() {
        return total.sum();
    }
}
