package io.fleetban.shipper.journal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One systemd journal entry, reduced to what fail2ban's systemd backend reads from it.
 *
 * @param cursor     {@code __CURSOR}: where the entry is in the journal; resuming after it neither loses nor repeats
 * @param time       {@code __REALTIME_TIMESTAMP} (microseconds since the epoch): when the entry was written
 * @param hostname   {@code _HOSTNAME}
 * @param identifier {@code SYSLOG_IDENTIFIER}, else {@code _COMM}
 * @param pid        {@code SYSLOG_PID}, else {@code _PID}
 * @param message    {@code MESSAGE}, decoded as UTF-8 (malformed bytes replaced); empty when the entry has none
 */
public record JournalEntry(
        String cursor,
        Instant time,
        Optional<String> hostname,
        Optional<String> identifier,
        OptionalLong pid,
        String message) {

    public JournalEntry {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The line fail2ban's systemd backend hands its filters ({@code FilterSystemd.formatJournalEntry}):
     * {@code host ident[pid]: message}, each part left out when the entry lacks it. The stock filters' journal
     * prefix ({@code __prefix_line} with {@code logtype=journal}) expects exactly this shape.
     */
    public String toFilterLine() {
        StringBuilder line = new StringBuilder();
        hostname.ifPresent(host -> line.append(host).append(' '));
        identifier.ifPresent(ident -> {
            line.append(ident);
            pid.ifPresent(p -> line.append('[').append(p).append(']'));
            line.append(": ");
        });
        return line.append(message).toString();
    }
}
