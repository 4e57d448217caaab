package io.fleetban.coordinator.state;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How often one IP was banned, in one jail or (for {@code bantime.overalljails}) in all jails: what fail2ban reads
 * from its sqlite {@code bans} table to lengthen a repeat offender's ban. It outlives the IP's offender state (which
 * is dropped soon after it goes idle) and is itself forgotten at {@code forgetAt}, through the expiry index.
 *
 * @param banCount bans remembered (at least 1)
 * @param forgetAt wall-clock millis at which the entry is dropped (also its expiry-index time)
 */
public record BanHistory(int banCount, long forgetAt) {

    private static final int BYTES = Integer.BYTES + Long.BYTES;

    public BanHistory {
        if (banCount < 1) {
            throw new IllegalArgumentException("banCount must be at least 1: " + banCount);
        }
        if (forgetAt < 0) {
            throw new IllegalArgumentException("forgetAt must not be negative: " + forgetAt);
        }
    }

    /** The store's value serde: a big-endian int and long (12 bytes). */
    public static Serde<BanHistory> serde() {
        return new HistorySerde();
    }

    private static final class HistorySerde implements Serde<BanHistory> {
        @Override
        public Serializer<BanHistory> serializer() {
            return (topic, history) -> history == null
                    ? null
                    : ByteBuffer.allocate(BYTES)
                            .putInt(history.banCount)
                            .putLong(history.forgetAt)
                            .array();
        }

        @Override
        public Deserializer<BanHistory> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                if (bytes.length != BYTES) {
                    throw new SerializationException("ban history must be " + BYTES + " bytes, got " + bytes.length);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new BanHistory(buffer.getInt(), buffer.getLong());
            };
        }
    }
}
