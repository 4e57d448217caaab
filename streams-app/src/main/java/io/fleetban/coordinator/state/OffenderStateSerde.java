package io.fleetban.coordinator.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link OffenderState} for the state store and its changelog. Internal to the coordinator
 * (never on a public topic), so it is hand-written for speed rather than Avro: one allocation per encode.
 *
 * <pre>
 * byte    version (2)
 * long    bannedAt, bannedUntil, lastDecisionAt, dueAt
 * int     banCount
 * short   n, then n times: long eventTime, long offenseId, long offset, short hostLength, hostLength bytes UTF-8
 * </pre>
 *
 * Version 1 (without the offsets) is still read, so a changelog written by an earlier coordinator restores.
 */
public final class OffenderStateSerde implements Serde<OffenderState> {

    static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_OFFSETS = 1;
    private static final int FIXED_BYTES = 1 + 4 * Long.BYTES + Integer.BYTES + Short.BYTES;

    /** Encodes a state; {@code null} stays {@code null} (a tombstone). */
    public static byte[] encode(OffenderState state) {
        if (state == null) {
            return null;
        }
        int n = state.failures();
        byte[][] hostBytes = new byte[n][];
        int length = FIXED_BYTES;
        for (int i = 0; i < n; i++) {
            hostBytes[i] = state.host(i).getBytes(StandardCharsets.UTF_8);
            length += 3 * Long.BYTES + Short.BYTES + hostBytes[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.put(VERSION)
                .putLong(state.bannedAt())
                .putLong(state.bannedUntil())
                .putLong(state.lastDecisionAt())
                .putLong(state.dueAt())
                .putInt(state.banCount())
                .putShort((short) n);
        for (int i = 0; i < n; i++) {
            buffer.putLong(state.eventTime(i))
                    .putLong(state.offenseId(i))
                    .putLong(state.offset(i))
                    .putShort((short) hostBytes[i].length)
                    .put(hostBytes[i]);
        }
        return buffer.array();
    }

    /** Decodes what {@link #encode} wrote; {@code null} stays {@code null}. */
    public static OffenderState decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version != VERSION && version != VERSION_WITHOUT_OFFSETS) {
                throw new SerializationException("unknown offender state version " + version);
            }
            long bannedAt = buffer.getLong();
            long bannedUntil = buffer.getLong();
            long lastDecisionAt = buffer.getLong();
            long dueAt = buffer.getLong();
            int banCount = buffer.getInt();
            int n = Short.toUnsignedInt(buffer.getShort());
            long[] eventTimes = new long[n];
            long[] offenseIds = new long[n];
            long[] offsets = new long[n];
            String[] hosts = new String[n];
            for (int i = 0; i < n; i++) {
                eventTimes[i] = buffer.getLong();
                offenseIds[i] = buffer.getLong();
                offsets[i] = version == VERSION ? buffer.getLong() : OffenderState.NO_OFFSET;
                int hostLength = Short.toUnsignedInt(buffer.getShort());
                hosts[i] = new String(bytes, buffer.position(), hostLength, StandardCharsets.UTF_8);
                buffer.position(buffer.position() + hostLength);
            }
            return OffenderState.restored(
                    bannedAt, bannedUntil, lastDecisionAt, dueAt, banCount, eventTimes, offenseIds, offsets, hosts);
        } catch (RuntimeException e) {
            if (e instanceof SerializationException) {
                throw e;
            }
            throw new SerializationException("corrupt offender state (" + bytes.length + " bytes)", e);
        }
    }

    @Override
    public Serializer<OffenderState> serializer() {
        return (topic, state) -> encode(state);
    }

    @Override
    public Deserializer<OffenderState> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
