package io.fleetban.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes in front of a record's Avro binary body that say which schema wrote it. Two framings exist:
 * <ul>
 *   <li>{@link Confluent}: {@code 0x00}, then the 4-byte big-endian Schema Registry id. The framing Confluent's
 *       KafkaAvroSerializer writes, so its deserializer, kcat {@code -s value=avro} and Redpanda, Karapace and
 *       Apicurio tools read our topics.</li>
 *   <li>{@link SingleObject}: Avro's single-object encoding, {@code 0xC3 0x01}, then the 8-byte little-endian
 *       CRC-64-AVRO fingerprint of the writer schema's parsing canonical form. Used without a registry.</li>
 * </ul>
 * The first byte tells them apart: 0x00 is never 0xC3.
 */
sealed interface WireHeader permits WireHeader.Confluent, WireHeader.SingleObject {

    byte CONFLUENT_MAGIC = 0x00;
    int CONFLUENT_LENGTH = 5;
    byte SINGLE_OBJECT_MAGIC_0 = (byte) 0xC3;
    byte SINGLE_OBJECT_MAGIC_1 = 0x01;
    int SINGLE_OBJECT_LENGTH = 10;

    /** How many bytes the header takes; the Avro body starts right after. */
    int length();

    /** Writes the header bytes. */
    void writeTo(ByteArrayOutputStream out);

    /** Schema Registry framing. */
    record Confluent(int schemaId) implements WireHeader {
        @Override
        public int length() {
            return CONFLUENT_LENGTH;
        }

        @Override
        public void writeTo(ByteArrayOutputStream out) {
            out.writeBytes(ByteBuffer.allocate(CONFLUENT_LENGTH)
                    .put(CONFLUENT_MAGIC)
                    .putInt(schemaId)
                    .array());
        }
    }

    /** Avro single-object framing. */
    record SingleObject(long fingerprint) implements WireHeader {
        @Override
        public int length() {
            return SINGLE_OBJECT_LENGTH;
        }

        @Override
        public void writeTo(ByteArrayOutputStream out) {
            out.write(SINGLE_OBJECT_MAGIC_0);
            out.write(SINGLE_OBJECT_MAGIC_1);
            out.writeBytes(ByteBuffer.allocate(Long.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(fingerprint)
                    .array());
        }

        @Override
        public String toString() {
            return "SingleObject[fingerprint=" + String.format("%016x", fingerprint) + "]";
        }
    }

    /**
     * Reads the header of a record value.
     *
     * @throws SerializationException when the bytes carry neither framing, or are too short for the one they start with
     */
    static WireHeader read(String topic, byte[] data) {
        if (data.length >= 1 && data[0] == CONFLUENT_MAGIC) {
            requireLength(topic, data, CONFLUENT_LENGTH, "Confluent wire format (0x00 + 4-byte schema id)");
            return new Confluent(ByteBuffer.wrap(data, 1, Integer.BYTES).getInt());
        }
        if (data.length >= 2 && data[0] == SINGLE_OBJECT_MAGIC_0 && data[1] == SINGLE_OBJECT_MAGIC_1) {
            requireLength(
                    topic, data, SINGLE_OBJECT_LENGTH, "Avro single-object encoding (0xC3 0x01 + 8-byte fingerprint)");
            return new SingleObject(ByteBuffer.wrap(data, 2, Long.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getLong());
        }
        throw new SerializationException(
                "Record on topic " + topic + " is neither in the Confluent wire format (first byte"
                        + " 0x00) nor in Avro single-object encoding (0xC3 0x01): it starts with " + hexPrefix(data)
                        + " (" + data.length + " bytes)");
    }

    private static void requireLength(String topic, byte[] data, int headerLength, String format) {
        if (data.length <= headerLength) {
            throw new SerializationException(
                    "Record on topic " + topic + " is truncated: " + data.length + " bytes (" + hexPrefix(data)
                            + ") where " + format + " needs " + headerLength + " header bytes and an Avro body");
        }
    }

    /** The first bytes in hex, enough to recognise a framing in an error message without dumping the record. */
    static String hexPrefix(byte[] data) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(data.length, 12); i++) {
            hex.append(String.format("%02x", data[i]));
        }
        return data.length == 0 ? "<empty>" : "0x" + hex + (data.length > 12 ? "..." : "");
    }
}
