package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** What the deserializer does with records it cannot simply decode: bad framing, bad bodies, other schemas. */
class AvroDeserializerTest {

    private static final String TOPIC = "fleetban.offenses";
    private final AvroSerde<Offense> serde = AvroSerde.singleObject(Offense.class);

    @Test
    void emptyValueIsRejectedAsNeitherFraming() {
        assertThatThrownBy(() -> decode(new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + TOPIC)
                .hasMessageContaining("neither in the Confluent wire format")
                .hasMessageContaining("<empty>");
    }

    @Test
    void jsonValueIsRejectedWithItsFirstBytes() {
        assertThatThrownBy(() -> decode("{\"ip\":\"203.0.113.7\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("single-object encoding (0xC3 0x01)")
                .hasMessageContaining("starts with 0x7b226970")
                .hasMessageContaining("(20 bytes)");
    }

    @Test
    void truncatedSingleObjectHeaderIsRejected() {
        assertThatThrownBy(() -> decode(HexFormat.of().parseHex("c301be4a")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated: 4 bytes")
                .hasMessageContaining("needs 10 header bytes");
    }

    @Test
    void truncatedConfluentHeaderIsRejected() {
        assertThatThrownBy(() -> decode(HexFormat.of().parseHex("000001")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("truncated: 3 bytes")
                .hasMessageContaining("needs 5 header bytes");
    }

    @Test
    void truncatedBodyIsRejectedNamingTheTypeAndCause() {
        byte[] whole = serde.serializer().serialize(TOPIC, WireSamples.offense());
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

        assertThatThrownBy(() -> decode(truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("SingleObject[fingerprint=016325ccb4654abe]")
                .hasMessageContaining(truncated.length + " bytes")
                .hasMessageContaining("could not be decoded as io.fleetban.avro.Offense")
                .hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void negativeStringLengthIsRejected() {
        byte[] bytes = serde.serializer().serialize(TOPIC, WireSamples.offense());
        bytes[10] = 0x03; // offenseId length: zig-zag 3 = -2

        assertThatThrownBy(() -> decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("could not be decoded as io.fleetban.avro.Offense");
    }

    @Test
    void trailingBytesAfterTheRecordAreRejected() {
        byte[] whole = serde.serializer().serialize(TOPIC, WireSamples.offense());
        byte[] padded = Arrays.copyOf(whole, whole.length + 2);

        assertThatThrownBy(() -> decode(padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left after the record");
    }

    @Test
    void unknownFingerprintIsRejectedWithTheFingerprint() {
        byte[] bytes = serde.serializer().serialize(TOPIC, WireSamples.offense());
        bytes[2] ^= 0x01;

        assertThatThrownBy(() -> decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema (single-object fingerprint 016325ccb4654abf)");
    }

    @Test
    void confluentFramedRecordWithoutARegistryAsksForOne() {
        byte[] bytes = HexFormat.of().parseHex("000000002a" + "046f31");

        assertThatThrownBy(() -> decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Confluent wire format (schema id 42)")
                .hasMessageContaining("needs a Schema Registry")
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void recordOfAnotherTypeIsRejectedNamingBothTypes() {
        byte[] ban = AvroSerde.singleObject(BanDecision.class).serializer().serialize(TOPIC, sampleBan());

        assertThatThrownBy(() -> decode(ban))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(
                        "is a io.fleetban.avro.BanDecision, but this topic carries io.fleetban.avro.Offense");
    }

    @Test
    void olderWriterSchemaWithoutNewFieldsDecodesWithTheDefaults() throws IOException {
        Schema older = withoutFields(BanDecision.getClassSchema(), "banCount", "actor");
        AvroSerde<BanDecision> reader = new AvroSerde<>(BanDecision.class, Optional.empty(), List.of(older));

        BanDecision decoded = reader.deserializer().deserialize("fleetban.bans", singleObject(older, sampleBan()));

        assertThat(decoded.getBanCount()).isEqualTo(1);
        assertThat(decoded.getActor()).isNull();
        assertThat(decoded.getIp()).isEqualTo("203.0.113.7");
    }

    @Test
    void newerWriterSchemaWithAnExtraFieldDecodesWithoutIt() throws IOException {
        Schema newer = withExtraStringField(BanDecision.getClassSchema(), "comment");
        GenericRecord record = copyInto(newer, sampleBan());
        record.put("comment", "from a later fleetban");
        AvroSerde<BanDecision> reader = new AvroSerde<>(BanDecision.class, Optional.empty(), List.of(newer));

        BanDecision decoded = reader.deserializer().deserialize("fleetban.bans", singleObject(newer, record));

        assertThat(decoded).isEqualTo(sampleBan());
    }

    @Test
    void olderWriterSchemaFetchedFromTheRegistryDecodesWithTheDefaults() throws IOException {
        Schema older = withoutFields(BanDecision.getClassSchema(), "banCount", "actor");
        try (var registry = SchemaRegistryDouble.start(1)) {
            registry.preload(7, older.toString());
            AvroSerde<BanDecision> reader = new AvroSerde<>(
                    BanDecision.class,
                    Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));
            byte[] bytes =
                    concat(HexFormat.of().parseHex("0000000007"), avroBinary(older, copyInto(older, sampleBan())));

            BanDecision decoded = reader.deserializer().deserialize("fleetban.bans", bytes);

            assertThat(decoded.getBanCount()).isEqualTo(1);
            assertThat(decoded.getDecisionId()).isEqualTo("d-1");
        }
    }

    @Test
    void recordFromAForeignProducerWithAPlainSchemaDecodesWithJavaStrings() throws IOException {
        // What a Python or Go producer registers: no docs, no "avro.java.string" hints, only the fields.
        Schema plain = new Schema.Parser()
                .parse(org.apache.avro.SchemaNormalization.toParsingForm(Offense.getClassSchema())
                        .replace(
                                "\"type\":\"long\"",
                                "\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}"));
        try (var registry = SchemaRegistryDouble.start(1)) {
            registry.preload(3, plain.toString());
            AvroSerde<Offense> reader = new AvroSerde<>(
                    Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));
            byte[] body = Arrays.copyOfRange(serde.serializer().serialize(TOPIC, WireSamples.offense()), 10, 56);

            Offense decoded = reader.deserializer()
                    .deserialize(TOPIC, concat(HexFormat.of().parseHex("0000000003"), body));

            assertThat(decoded).isEqualTo(WireSamples.offense());
            assertThat(decoded.getIp()).isInstanceOf(String.class);
        }
    }

    @Test
    void transientRegistryFailureIsRecognisableThroughTheSerializationException() throws IOException {
        try (var registry = SchemaRegistryDouble.start(1)) {
            registry.answerWithError(
                    "/schemas/ids/3", 503, "{\"error_code\":50003,\"message\":\"Error while forwarding\"}");
            AvroSerde<Offense> reader = new AvroSerde<>(
                    Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));

            assertThatThrownBy(() -> reader.deserializer()
                            .deserialize(TOPIC, HexFormat.of().parseHex("0000000003046f31")))
                    .isInstanceOf(SerializationException.class)
                    .satisfies(e -> assertThat(SchemaRegistryException.isTransientCause(e))
                            .isTrue());
        }
    }

    @Test
    void corruptRecordIsNotATransientFailure() {
        assertThatThrownBy(() -> decode(new byte[] {0x42}))
                .satisfies(e ->
                        assertThat(SchemaRegistryException.isTransientCause(e)).isFalse());
    }

    @Test
    void unknownSchemaIdInTheRegistryIsASerializationExceptionQuotingTheRegistry() throws IOException {
        try (var registry = SchemaRegistryDouble.start(1)) {
            AvroSerde<Offense> reader = new AvroSerde<>(
                    Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));

            assertThatThrownBy(() -> reader.deserializer()
                            .deserialize(TOPIC, HexFormat.of().parseHex("0000000063046f31")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("could not get its writer schema (id 99)")
                    .hasMessageContaining("HTTP 404 (error_code 40403): Schema 99 not found")
                    .hasCauseInstanceOf(SchemaRegistryException.class);
        }
    }

    private Offense decode(byte[] bytes) {
        return serde.deserializer().deserialize(TOPIC, bytes);
    }

    private static BanDecision sampleBan() {
        return BanDecision.newBuilder()
                .setDecisionId("d-1")
                .setJail("fail")
                .setIp("203.0.113.7")
                .setSource(BanSource.AUTO)
                .setReason("5 failures within 10m")
                .setFailures(5)
                .setHosts(List.of("web-1"))
                .setBannedAt(Instant.ofEpochMilli(5000))
                .setExpiresAt(Instant.ofEpochMilli(65000))
                .build();
    }

    private static Schema withoutFields(Schema schema, String... names) {
        List<Schema.Field> kept = schema.getFields().stream()
                .filter(f -> !List.of(names).contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    private static Schema withExtraStringField(Schema schema, String name) {
        List<Schema.Field> fields = new java.util.ArrayList<>(schema.getFields().stream()
                .map(f -> new Schema.Field(f, f.schema()))
                .toList());
        fields.add(new Schema.Field(name, Schema.create(Schema.Type.STRING), null, "none"));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /** The specific record's values in a generic record of another version of its schema (only shared fields). */
    private static GenericRecord copyInto(Schema schema, BanDecision ban) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            if (BanDecision.getClassSchema().getField(field.name()) != null) {
                Object value = ban.get(field.name());
                record.put(
                        field.name(),
                        value instanceof Instant instant
                                ? instant.toEpochMilli()
                                : value instanceof BanSource source
                                        ? new GenericData.EnumSymbol(field.schema(), source.name())
                                        : value);
            }
        }
        return record;
    }

    private static byte[] singleObject(Schema writer, Object record) throws IOException {
        GenericRecord generic = record instanceof BanDecision ban ? copyInto(writer, ban) : (GenericRecord) record;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new WireHeader.SingleObject(KnownSchemas.fingerprint(writer)).writeTo(out);
        out.writeBytes(avroBinary(writer, generic));
        return out.toByteArray();
    }

    private static byte[] avroBinary(Schema writer, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
