package io.fleetban.coordinator.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A ban that starts or ends inside a network that prefix escalation watches, on its way (repartitioned by network)
 * to the escalation processor.
 *
 * @param jail        the jail
 * @param ip          a banned address, or the network itself when its own ban ended
 * @param bannedUntil when the ban ends ({@link OffenderState#PERMANENT} for never); {@link #ENDED} when it ended
 */
public record MemberChange(String jail, String ip, long bannedUntil) {

    /** {@code bannedUntil} of a ban that ended. */
    public static final long ENDED = 0;

    public boolean ended() {
        return bannedUntil == ENDED;
    }

    /** The repartition topic's value serde: until as 8 bytes, then jail and IP as length-prefixed UTF-8. */
    public static Serde<MemberChange> serde() {
        return new ChangeSerde();
    }

    private static final class ChangeSerde implements Serde<MemberChange> {
        @Override
        public Serializer<MemberChange> serializer() {
            return (topic, change) -> {
                if (change == null) {
                    return null;
                }
                byte[] jail = change.jail().getBytes(StandardCharsets.UTF_8);
                byte[] ip = change.ip().getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(Long.BYTES + 2 * Short.BYTES + jail.length + ip.length)
                        .putLong(change.bannedUntil())
                        .putShort((short) jail.length)
                        .put(jail)
                        .putShort((short) ip.length)
                        .put(ip)
                        .array();
            };
        }

        @Override
        public Deserializer<MemberChange> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(bytes);
                    long until = in.getLong();
                    String jail = text(in);
                    return new MemberChange(jail, text(in), until);
                } catch (RuntimeException e) {
                    throw new SerializationException("corrupt member change (" + bytes.length + " bytes)", e);
                }
            };
        }

        private static String text(ByteBuffer in) {
            byte[] text = new byte[in.getShort()];
            in.get(text);
            return new String(text, StandardCharsets.UTF_8);
        }
    }
}
