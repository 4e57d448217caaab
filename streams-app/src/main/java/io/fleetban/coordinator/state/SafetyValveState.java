package io.fleetban.coordinator.state;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One jail's safety valve ({@code fleet.maxbans.rate}) in one task: the automatic bans of the current period, and
 * whether automatic banning is stopped. Kept in a changelogged store, so a stopped jail stays stopped across a
 * restart or a rebalance until an operator resumes it.
 *
 * @param periodStart coordinator wall-clock time the current period began
 * @param bansInPeriod automatic bans decided in the current period
 * @param tripped     true while automatic banning is stopped
 * @param trips       how many times the valve tripped in this task
 */
public record SafetyValveState(long periodStart, long bansInPeriod, boolean tripped, long trips) {

    public static final SafetyValveState CLOSED = new SafetyValveState(0, 0, false, 0);
    private static final int BYTES = 4 * Long.BYTES;

    /** The store's value serde: four big-endian longs. */
    public static Serde<SafetyValveState> serde() {
        return new ValveSerde();
    }

    private static final class ValveSerde implements Serde<SafetyValveState> {
        @Override
        public Serializer<SafetyValveState> serializer() {
            return (topic, s) -> s == null
                    ? null
                    : ByteBuffer.allocate(BYTES)
                            .putLong(s.periodStart)
                            .putLong(s.bansInPeriod)
                            .putLong(s.tripped ? 1 : 0)
                            .putLong(s.trips)
                            .array();
        }

        @Override
        public Deserializer<SafetyValveState> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                if (bytes.length != BYTES) {
                    throw new SerializationException(
                            "safety valve state must be " + BYTES + " bytes, got " + bytes.length);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new SafetyValveState(
                        buffer.getLong(), buffer.getLong(), buffer.getLong() != 0, buffer.getLong());
            };
        }
    }
}
