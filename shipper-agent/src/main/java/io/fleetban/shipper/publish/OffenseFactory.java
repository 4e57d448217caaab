package io.fleetban.shipper.publish;

import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.journal.JournalEntry;
import io.fleetban.shipper.tail.LogLine;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Builds the {@link Offense} record for a line that one of this host's jails matched. */
public final class OffenseFactory {

    /** The Offense schema's bound on the matched line: enough to read it, too little to flood the topic. */
    public static final int MAX_LINE_CHARS = 1024;
    /** The offense's source for journal entries, in place of a file path. */
    public static final String JOURNAL_SOURCE = "systemd-journal";

    private final String hostId;
    private final Clock clock;

    public OffenseFactory(String hostId, Clock clock) {
        this.hostId = Objects.requireNonNull(hostId, "hostId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param jail      the jail whose filter matched
     * @param line      the matched line, with its position
     * @param ip        the address the filter captured (already parsed and validated)
     * @param eventTime the time written in the line, found by the filter's date detection
     */
    public Offense create(String jail, LogLine line, IpAddress ip, Instant eventTime) {
        return Offense.newBuilder()
                .setOffenseId(OffenseId.of(hostId, jail, line.source().identity(), line.offset()))
                .setJail(jail)
                .setIp(ip.canonical())
                .setHostId(hostId)
                .setEventTime(eventTime)
                .setIngestTime(clock.instant())
                .setSource(line.source().path().toString())
                .setLine(truncate(line.text()))
                .build();
    }

    /**
     * @param jail        the jail whose filter matched
     * @param entry       the matched journal entry; its cursor makes the offense id, its time is the event time
     * @param filterLine  the line the filter read ({@link JournalEntry#toFilterLine()})
     * @param ip          the address the filter captured (already parsed and validated)
     */
    public Offense create(String jail, JournalEntry entry, String filterLine, IpAddress ip) {
        return Offense.newBuilder()
                .setOffenseId(OffenseId.ofJournal(hostId, jail, entry.cursor()))
                .setJail(jail)
                .setIp(ip.canonical())
                .setHostId(hostId)
                .setEventTime(entry.time())
                .setIngestTime(clock.instant())
                .setSource(JOURNAL_SOURCE)
                .setLine(truncate(filterLine))
                .build();
    }

    private static String truncate(String text) {
        if (text.length() <= MAX_LINE_CHARS) {
            return text;
        }
        // Never split a surrogate pair: the cut line must still be valid UTF-16 for the Avro string.
        int end = Character.isHighSurrogate(text.charAt(MAX_LINE_CHARS - 1)) ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
        return text.substring(0, end);
    }
}
