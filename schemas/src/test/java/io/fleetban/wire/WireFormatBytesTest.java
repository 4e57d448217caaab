package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes of {@link WireSamples#offense()} in both framings. The expected hex is worked out by hand from
 * the Avro specification, field by field, so a change in our framing or in Avro's encoding fails here first.
 */
class WireFormatBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Avro binary of the sample: strings are a zig-zag varint length then UTF-8, longs are zig-zag varints.
     */
    private static final String OFFENSE_BODY = ""
            + "04" + "6f31" // offenseId "o1": length 2 -> zig-zag 4
            + "08" + "6661696c" // jail "fail": length 4 -> 8
            + "16" + "3230332e302e3131332e37" // ip "203.0.113.7": length 11 -> 22 = 0x16
            + "0a" + "7765622d31" // hostId "web-1": length 5 -> 10
            + "d00f" // eventTime 1000 ms -> zig-zag 2000 = 0x50|0x80, 0x0f
            + "d20f" // ingestTime 1001 ms -> zig-zag 2002 = 0x52|0x80, 0x0f
            + "1a" + "2f746d702f6661696c2e6c6f67" // source "/tmp/fail.log": length 13 -> 26 = 0x1a
            + "02" + "78"; // line "x": length 1 -> 2

    /** The Offense schema's parsing canonical form (logical types, docs and Java string hints stripped). */
    private static final String OFFENSE_CANONICAL_FORM = "{\"name\":\"io.fleetban.avro.Offense\",\"type\":\"record\","
            + "\"fields\":[{\"name\":\"offenseId\",\"type\":\"string\"},{\"name\":\"jail\",\"type\":\"string\"},"
            + "{\"name\":\"ip\",\"type\":\"string\"},{\"name\":\"hostId\",\"type\":\"string\"},"
            + "{\"name\":\"eventTime\",\"type\":\"long\"},{\"name\":\"ingestTime\",\"type\":\"long\"},"
            + "{\"name\":\"source\",\"type\":\"string\"},{\"name\":\"line\",\"type\":\"string\"}]}";

    /** CRC-64-AVRO of {@link #OFFENSE_CANONICAL_FORM}; computed outside Java with the specification's algorithm. */
    private static final long OFFENSE_FINGERPRINT = 0x016325ccb4654abeL;

    @Test
    void offenseSchemaFingerprintIsCrc64AvroOfItsParsingCanonicalForm() {
        assertThat(SchemaNormalization.toParsingForm(Offense.getClassSchema())).isEqualTo(OFFENSE_CANONICAL_FORM);
        assertThat(SchemaNormalization.parsingFingerprint64(Offense.getClassSchema()))
                .isEqualTo(OFFENSE_FINGERPRINT);
        assertThat(specificationCrc64Avro(OFFENSE_CANONICAL_FORM.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(OFFENSE_FINGERPRINT);
    }

    @Test
    void specificationCrc64AvroMatchesTheSpecificationsValueForInt() {
        // The Avro specification's test vector: fingerprint64 of "int" is 8247732601305521295 (0x7275d51a3f395c8f).
        assertThat(specificationCrc64Avro("\"int\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x7275d51a3f395c8fL);
    }

    @Test
    void singleObjectEncodingIsC301ThenLittleEndianFingerprintThenAvroBinary() {
        byte[] bytes = AvroSerde.singleObject(Offense.class)
                .serializer()
                .serialize("fleetban.offenses", WireSamples.offense());

        assertThat(HEX.formatHex(bytes)).isEqualTo("c301" + "be4a65b4cc256301" + OFFENSE_BODY);
    }

    @Test
    void singleObjectBytesAreTheSameAsAvrosOwnMessageEncoder() throws Exception {
        ByteBuffer avroReference = WireSamples.offense().toByteBuffer();
        byte[] reference = new byte[avroReference.remaining()];
        avroReference.get(reference);

        assertThat(AvroSerde.singleObject(Offense.class)
                        .serializer()
                        .serialize("fleetban.offenses", WireSamples.offense()))
                .isEqualTo(reference);
    }

    @Test
    void confluentWireFormatIsZeroThenBigEndianSchemaIdThenAvroBinary() throws Exception {
        // Id 258 = 0x00000102: the byte order is visible, unlike with a one-byte id.
        try (var registry = SchemaRegistryDouble.start(258)) {
            AvroSerde<Offense> serde = new AvroSerde<>(
                    Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));

            byte[] bytes = serde.serializer().serialize("fleetban.offenses", WireSamples.offense());

            assertThat(HEX.formatHex(bytes)).isEqualTo("00" + "00000102" + OFFENSE_BODY);
        }
    }

    @Test
    void handWrittenSingleObjectBytesDecodeToTheSample() {
        byte[] bytes = HEX.parseHex("c301" + "be4a65b4cc256301" + OFFENSE_BODY);

        assertThat(AvroSerde.singleObject(Offense.class).deserializer().deserialize("fleetban.offenses", bytes))
                .isEqualTo(WireSamples.offense());
    }

    @Test
    void handWrittenConfluentBytesDecodeToTheSampleWithTheSchemaFetchedById() throws Exception {
        try (var registry = SchemaRegistryDouble.start(1)) {
            registry.preload(258, Offense.getClassSchema().toString());
            AvroSerde<Offense> serde = new AvroSerde<>(
                    Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));

            Offense decoded = serde.deserializer()
                    .deserialize("fleetban.offenses", HEX.parseHex("00" + "00000102" + OFFENSE_BODY));

            assertThat(decoded).isEqualTo(WireSamples.offense());
            assertThat(registry.requestsTo("GET", "/schemas/ids/258")).isEqualTo(1);
        }
    }

    /** CRC-64-AVRO exactly as the Avro specification writes it, independent of Avro's implementation. */
    private static long specificationCrc64Avro(byte[] data) {
        final long empty = 0xc15d213aa4d7a795L;
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long fp = i;
            for (int j = 0; j < 8; j++) {
                fp = (fp >>> 1) ^ (empty & -(fp & 1L));
            }
            table[i] = fp;
        }
        long fp = empty;
        for (byte b : data) {
            fp = (fp >>> 8) ^ table[(int) (fp ^ b) & 0xff];
        }
        return fp;
    }
}
