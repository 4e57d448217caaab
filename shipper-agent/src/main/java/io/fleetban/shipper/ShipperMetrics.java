package io.fleetban.shipper;

import io.fleetban.shipper.tail.TailCounters;
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
    /** Missed lines whose failregex captured a host name, not an address: fleetban resolves no names. */
    public static final String LINES_HOSTNAME = "fleetban.shipper.lines.hostname";
    /** Failures already in a log at first start but dated before the jail's findtime: not published. */
    public static final String LINES_BEFORE_FINDTIME = "fleetban.shipper.lines.before.findtime";
    /** Offenses the broker acknowledged. */
    public static final String OFFENSES_PUBLISHED = "fleetban.shipper.offenses.published";
    /** Offenses whose send failed for good (sent again after a restart). */
    public static final String PUBLISH_ERRORS = "fleetban.shipper.publish.errors";

    /** Log bytes read. */
    public static final String BYTES_READ = "fleetban.shipper.bytes.read";
    /** Bytes read by the first start's search for where findtime begins in each existing log. */
    public static final String START_SEEK_BYTES = "fleetban.shipper.start.seek.bytes";
    /** Lines longer than {@code max.line.bytes}, cut. */
    public static final String LINES_TRUNCATED = "fleetban.shipper.lines.truncated";
    /** Rotated or copied files found again and read to their end (after a restart or a copytruncate). */
    public static final String ROTATED_RECOVERED = "fleetban.shipper.rotated.recovered";
    /** Rotated or copied files with unread lines that could not be read (missing, or compressed). */
    public static final String ROTATED_UNRECOVERED = "fleetban.shipper.rotated.unrecovered";
    /** Unread bytes of those files (a lower bound where the file is gone). */
    public static final String ROTATED_UNRECOVERED_BYTES = "fleetban.shipper.rotated.unrecovered.bytes";
    /** Of the unrecovered files, those found only compressed ({@code .gz}) and skipped. */
    public static final String ROTATED_COMPRESSED_SKIPPED = "fleetban.shipper.rotated.compressed.skipped";

    private ShipperMetrics() {}

    /**
     * Registers {@code jail}'s counters. Function counters read the existing adders at scrape time, so the reader
     * thread's hot path pays nothing for metrics.
     */
    static void bindJail(MeterRegistry registry, String jail, JailCounters counts) {
        bind(registry, LINES_READ, jail, counts, JailCounters::linesRead);
        bind(registry, LINES_MATCHED, jail, counts, JailCounters::linesMatched);
        bind(registry, LINES_MISSED, jail, counts, JailCounters::linesMissed);
        bind(registry, LINES_IGNORED, jail, counts, JailCounters::linesIgnored);
        bind(registry, LINES_HOSTNAME, jail, counts, JailCounters::hostnames);
        bind(registry, LINES_BEFORE_FINDTIME, jail, counts, JailCounters::beforeFindTime);
        bind(registry, OFFENSES_PUBLISHED, jail, counts, JailCounters::offensesPublished);
        bind(registry, PUBLISH_ERRORS, jail, counts, JailCounters::publishErrors);
    }

    /** Registers the tailer's counters (no label: they are per host). */
    static void bindTail(MeterRegistry registry, TailCounters counts) {
        bind(registry, BYTES_READ, counts, TailCounters::bytesRead);
        bind(registry, START_SEEK_BYTES, counts, TailCounters::seekBytesRead);
        bind(registry, LINES_TRUNCATED, counts, TailCounters::truncatedLines);
        bind(registry, ROTATED_RECOVERED, counts, TailCounters::recoveredFiles);
        bind(registry, ROTATED_UNRECOVERED, counts, TailCounters::unrecoveredFiles);
        bind(registry, ROTATED_UNRECOVERED_BYTES, counts, TailCounters::unrecoveredBytes);
        bind(registry, ROTATED_COMPRESSED_SKIPPED, counts, TailCounters::compressedSkipped);
    }

    private static void bind(
            MeterRegistry registry, String name, TailCounters counts, ToDoubleFunction<TailCounters> count) {
        FunctionCounter.builder(name, counts, count).register(registry);
    }

    private static void bind(
            MeterRegistry registry,
            String name,
            String jail,
            JailCounters counts,
            ToDoubleFunction<JailCounters> count) {
        FunctionCounter.builder(name, counts, count).tag(JAIL, jail).register(registry);
    }
}
