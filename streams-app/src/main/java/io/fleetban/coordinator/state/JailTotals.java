package io.fleetban.coordinator.state;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One jail's counters in one task, as {@code fail2ban-client status <jail>} reports them. The query API sums them
 * over all tasks of all instances.
 *
 * @param currentlyFailed IPs with offenses inside findtime and no ban
 * @param totalFailed     offenses counted since the jail's state began
 * @param totalBanned     bans decided (automatic and manual)
 */
public record JailTotals(long currentlyFailed, long totalFailed, long totalBanned) {

    public static final JailTotals ZERO = new JailTotals(0, 0, 0);
    private static final int BYTES = 3 * Long.BYTES;

    public JailTotals plus(long failingDelta, long failed, long banned) {
        return new JailTotals(currentlyFailed + failingDelta, totalFailed + failed, totalBanned + banned);
    }

    public JailTotals plus(JailTotals other) {
        return plus(other.currentlyFailed, other.totalFailed, other.totalBanned);
    }

    /** The store's value serde: three big-endian longs. */
    public static Serde<JailTotals> serde() {
        return new TotalsSerde();
    }

    private static final class TotalsSerde implements Serde<JailTotals> {
        @Override
        public Serializer<JailTotals> serializer() {
            return (topic, totals) -> totals == null
                    ? null
                    : ByteBuffer.allocate(BYTES)
                            .putLong(totals.currentlyFailed)
                            .putLong(totals.totalFailed)
                            .putLong(totals.totalBanned)
                            .array();
        }

        @Override
        public Deserializer<JailTotals> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                if (bytes.length != BYTES) {
                    throw new SerializationException("jail totals must be " + BYTES + " bytes, got " + bytes.length);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new JailTotals(buffer.getLong(), buffer.getLong(), buffer.getLong());
            };
        }
    }
}
