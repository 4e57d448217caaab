package io.fleetban.topics;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Command;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.avro.specific.SpecificRecord;

/**
 * How fleetban's records read for people: one line each, key=value pairs that grep and journald handle well
 * ({@code text}), or Avro's JSON rendering of the whole record ({@code json}). Shared by {@code fleetban topics tail}
 * and the demo's event lines.
 */
public enum RecordFormat {
    TEXT,
    JSON;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.systemDefault());

    /** One line for {@code value} (a tombstone when null) read under {@code key}. */
    public String line(String key, SpecificRecord value) {
        if (value == null) {
            return this == JSON
                    ? "{\"key\": \"" + key.replace("\"", "\\\"") + "\", \"value\": null}"
                    : "ENDED    key=" + key;
        }
        return this == JSON ? value.toString() : text(value);
    }

    private static String text(SpecificRecord value) {
        if (value instanceof Offense o) {
            return "offense  jail=" + o.getJail() + " ip=" + o.getIp() + " host=" + o.getHostId() + " time="
                    + time(o.getEventTime()) + " line=\"" + o.getLine() + "\"";
        }
        if (value instanceof BanDecision b) {
            return "BAN      jail=" + b.getJail() + " ip=" + b.getIp() + " failures=" + b.getFailures() + " hosts="
                    + String.join(",", b.getHosts()) + " until=" + until(b.getExpiresAt()) + " source=" + b.getSource()
                    + " reason=\"" + b.getReason() + "\"";
        }
        if (value instanceof Unban u) {
            return "UNBAN    jail=" + u.getJail() + " ip=" + u.getIp() + " reason=" + u.getReason()
                    + (u.getActor() == null ? "" : " actor=" + u.getActor());
        }
        if (value instanceof ActiveBan a) {
            return "ACTIVE   jail=" + a.getJail() + " ip=" + a.getIp() + " since=" + time(a.getBannedAt()) + " until="
                    + until(a.getExpiresAt()) + " source=" + a.getSource();
        }
        if (value instanceof Command c) {
            return "COMMAND  " + c.getAction() + " jail=" + c.getJail() + (c.getIp() == null ? "" : " ip=" + c.getIp())
                    + " actor=" + c.getActor();
        }
        return value.toString();
    }

    private static String until(Instant expiresAt) {
        return expiresAt == null ? "permanent" : time(expiresAt);
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
