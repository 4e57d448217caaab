package io.fleetban.shipper;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The shipper's metric names, in one place, and their binding to each jail's {@link JailCounters}. The only label
 * is the jail (a handful per host), never an IP. Micrometer names; Prometheus shows them with {@code _} and
 * {@code _total}, e.g. {@code fleetban_shipper_lines_matched_total{jail="sshd"}}.
 */
public final class ShipperMetrics {

    /** Label naming the jail. */
    public static final String JAIL = "jail";
    /** Lines of a jail's logs handed to its filter, as {@code fail2ban-regex} counts "Lines". */
    public static final String LINES_READ = "fleetban.shipper.lines.read";
    /** Lines with a failure (each one an offense). */
    public static final String LINES_MATCHED = "fleetban.shipper.lines.matched";
    /** Lines without an offense: no failregex match, no date, or an invalid address. */
    public static final String LINES_MISSED = "fleetban.shipper.lines.missed";
    /** Lines a failregex matched but an ignoreregex excused. */
    public static final String LINES_IGNORED = "fleetban.shipper.lines.ignored";
    /** Offenses the broker acknowledged. */
    public static final String OFFENSES_PUBLISHED = "fleetban.shipper.offenses.published";
    /** Offenses whose send failed for good (sent again after a restart). */
    public static final String PUBLISH_ERRORS = "fleetban.shipper.publish.errors";

    private ShipperMetrics() {
    }

    /**
     * Registers {@code jail}'s counters. Function counters read the existing adders at scrape time, so the reader
     * thread's hot path pays nothing for metrics.
     */
    static void bindJail(MeterRegistry registry, String jail, JailCounters counts) {
        bind(registry, LINES_READ, jail, counts, JailCounters::linesRead);
        bind(registry, LINES_MATCHED, jail, counts, JailCounters::linesMatched);
        bind(registry, LINES_MISSED, jail, counts, JailCounters::linesMissed);
        bind(registry, LINES_IGNORED, jail, counts, JailCounters::linesIgnored);
        bind(registry, OFFENSES_PUBLISHED, jail, counts, JailCounters::offensesPublished);
        bind(registry, PUBLISH_ERRORS, jail, counts, JailCounters::publishErrors);
    }

    private static void bind(MeterRegistry registry, String name, String jail, JailCounters counts,
                             ToDoubleFunction<JailCounters> count) {
        FunctionCounter.builder(name, counts, count).tag(JAIL, jail).register(registry);
    }
}
