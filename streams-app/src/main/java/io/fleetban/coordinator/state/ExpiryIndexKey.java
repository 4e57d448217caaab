package io.fleetban.coordinator.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Key of the expiry index: when something is next due for one (jail, IP) -- its ban expires, or its counted
 * offenses leave findtime. Encoded as the due time (8 bytes, big-endian) then the offender key, so byte order is time
 * order and the expiry punctuator reads "everything due by now" as one range scan instead of scanning all state.
 *
 * @param dueAt       wall-clock millis (non-negative)
 * @param offenderKey the {@link OffenderKey} this entry belongs to, or a ban-history entry
 *                    ({@link BanHistoryKey#indexEntry}: when that IP's ban count is forgotten)
 */
public record ExpiryIndexKey(long dueAt, String offenderKey) {

    public ExpiryIndexKey {
        if (dueAt < 0) {
            throw new IllegalArgumentException("dueAt must not be negative: " + dueAt);
        }
    }

    /**
     * The inclusive upper bound of a scan for everything due at or before {@code now}: the bare time {@code now + 1}
     * sorts after every key of time {@code now} and before every real key of time {@code now + 1}.
     */
    public static ExpiryIndexKey dueBy(long now) {
        return new ExpiryIndexKey(now + 1, "");
    }

    /** The serde of the index store's keys. */
    public static Serde<ExpiryIndexKey> serde() {
        return new IndexKeySerde();
    }

    static byte[] encode(ExpiryIndexKey key) {
        byte[] offender = key.offenderKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Long.BYTES + offender.length)
                .putLong(key.dueAt)
                .put(offender)
                .array();
    }

    static ExpiryIndexKey decode(byte[] bytes) {
        long dueAt = ByteBuffer.wrap(bytes).getLong();
        return new ExpiryIndexKey(
                dueAt, new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8));
    }

    private static final class IndexKeySerde implements Serde<ExpiryIndexKey> {
        @Override
        public Serializer<ExpiryIndexKey> serializer() {
            return (topic, key) -> key == null ? null : encode(key);
        }

        @Override
        public Deserializer<ExpiryIndexKey> deserializer() {
            return (topic, bytes) -> bytes == null ? null : decode(bytes);
        }
    }
}
