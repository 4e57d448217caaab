package io.fleetban.shipper;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one jail saw on this host, as {@code fail2ban-regex} reports it (lines, matched, ignored, missed) plus what
 * reached Kafka. Updated from the reader thread and the producer's I/O thread. Plain counters for now; the
 * Micrometer registry will read them.
 */
public final class JailCounters {

    private final LongAdder linesRead = new LongAdder();
    private final LongAdder linesMatched = new LongAdder();
    private final LongAdder linesIgnored = new LongAdder();
    private final LongAdder linesMissed = new LongAdder();
    private final LongAdder invalidAddresses = new LongAdder();
    private final LongAdder hostnames = new LongAdder();
    private final LongAdder beforeFindTime = new LongAdder();
    private final LongAdder offensesPublished = new LongAdder();
    private final LongAdder publishErrors = new LongAdder();

    void lineRead() {
        linesRead.increment();
    }

    void lineMatched() {
        linesMatched.increment();
    }

    void lineIgnored() {
        linesIgnored.increment();
    }

    void lineMissed(boolean invalidAddress) {
        linesMissed.increment();
        if (invalidAddress) {
            invalidAddresses.increment();
        }
    }

    void lineWithHostname() {
        linesMissed.increment();
        hostnames.increment();
    }

    void lineBeforeFindTime() {
        beforeFindTime.increment();
    }

    void offensePublished() {
        offensesPublished.increment();
    }

    void publishFailed() {
        publishErrors.increment();
    }

    /** Lines of this jail's log files handed to its filter. */
    public long linesRead() {
        return linesRead.sum();
    }

    /** Lines with a failure: each one is an offense. */
    public long linesMatched() {
        return linesMatched.sum();
    }

    /** Lines a failregex matched but an ignoreregex excused. */
    public long linesIgnored() {
        return linesIgnored.sum();
    }

    /** Lines without an offense (no match, no date, or an invalid address). */
    public long linesMissed() {
        return linesMissed.sum();
    }

    /** The misses where a failregex matched but the captured host was not a valid IP address. */
    public long invalidAddresses() {
        return invalidAddresses.sum();
    }

    /**
     * The misses where a failregex captured a host name instead of an address ({@code usedns} not {@code no}):
     * fleetban resolves no names, so these lines ban nobody (sshd with {@code UseDNS yes} logs names).
     */
    public long hostnames() {
        return hostnames.sum();
    }

    /**
     * Failures in a log's content at first start ({@code read.from = findtime}) dated before the jail's findtime:
     * not published, as fail2ban ignores them at start.
     */
    public long beforeFindTime() {
        return beforeFindTime.sum();
    }

    /** Offenses the broker acknowledged. */
    public long offensesPublished() {
        return offensesPublished.sum();
    }

    /** Offenses whose send failed for good (they are sent again after a restart). */
    public long publishErrors() {
        return publishErrors.sum();
    }

    @Override
    public String toString() {
        return "read=" + linesRead() + " matched=" + linesMatched() + " ignored=" + linesIgnored()
                + " missed=" + linesMissed() + " hostnames=" + hostnames() + " beforeFindtime=" + beforeFindTime()
                + " published=" + offensesPublished() + " publishErrors=" + publishErrors();
    }
}
