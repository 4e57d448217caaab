package io.fleetban.shipper.publish;

import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.tail.LogLine;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** Builds the {@link Offense} record for a line that one of this host's jails matched. */
public final class OffenseFactory {

    /** The Offense schema's bound on the matched line: enough to read it, too little to flood the topic. */
    public static final int MAX_LINE_CHARS = 1024;

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

    private static String truncate(String text) {
        if (text.length() <= MAX_LINE_CHARS) {
            return text;
        }
        // Never split a surrogate pair: the cut line must still be valid UTF-16 for the Avro string.
        int end = Character.isHighSurrogate(text.charAt(MAX_LINE_CHARS - 1)) ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
        return text.substring(0, end);
    }
}
