package io.fleetban.wire;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record in either framing, whatever this process writes: topics may hold records from producers configured
 * with and without a registry. The writer schema is found by Confluent schema id (from the registry) or by
 * single-object fingerprint (from {@link KnownSchemas}), and Avro schema resolution maps it onto this build's class,
 * so records written with an older or newer compatible schema still decode.
 *
 * <p>Every record that cannot be decoded throws {@link SerializationException} naming the topic, the framing, the
 * schema id or fingerprint and what went wrong. When the registry could not answer for the writer schema (see
 * {@link SchemaRegistryException#isTransient()}) it throws the subclass {@link SchemaRegistryUnavailableException}:
 * the record may be fine and must be read again later, not skipped.
 * Thread-safe (Kafka Streams may share one instance between stream threads).
 */
final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Schema readerSchema;
    private final SpecificData model;
    private final Optional<SchemaRegistryClient> registry;
    private final KnownSchemas knownSchemas;
    private final Map<WireHeader, DatumReader<T>> readers = new ConcurrentHashMap<>();

    AvroDeserializer(Class<T> type, Optional<SchemaRegistryClient> registry, KnownSchemas knownSchemas) {
        // Decoding instantiates io.fleetban.avro classes, which Avro 1.12 refuses unless trusted; without this, every
        // record would dead-letter as "undecodable".
        AvroTrust.trustFleetbanClasses();
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.registry = registry;
        this.knownSchemas = knownSchemas;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        WireHeader header = WireHeader.read(topic, data);
        DatumReader<T> reader = readers.get(header);
        if (reader == null) {
            // Fetched outside computeIfAbsent: a registry call (with its retries) must not hold the map's lock against
            // other stream threads, and a failed fetch caches nothing, so the same record decodes once the registry
            // answers.
            Schema writerSchema = writerSchema(topic, header);
            reader = readers.computeIfAbsent(header, h -> resolvingReader(topic, writerSchema));
        }
        return decode(topic, header, reader, data);
    }

    private T decode(String topic, WireHeader header, DatumReader<T> reader, byte[] data) {
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(data, header.length(), data.length - header.length(), null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            // EOFException for a truncated body, AvroRuntimeException for a negative length or bad enum index, ...
            throw new SerializationException(
                    describe(topic, header, data) + " could not be decoded as " + readerSchema.getFullName() + ": " + e,
                    e);
        }
        if (!isEnd(decoder)) {
            throw new SerializationException(describe(topic, header, data) + " has bytes left after the record: "
                    + "corrupt, or not written with the schema its header names");
        }
        return value;
    }

    private static boolean isEnd(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            throw new SerializationException("Could not check for the end of the record: " + e, e);
        }
    }

    private Schema writerSchema(String topic, WireHeader header) {
        if (header instanceof WireHeader.Confluent confluent) {
            SchemaRegistryClient client =
                    registry.orElseThrow(() -> new SerializationException("Record on topic " + topic
                            + " is in the Confluent wire format (schema id " + confluent.schemaId()
                            + "), which needs a Schema Registry"
                            + " to decode: set schema.registry.url in the [kafka] section"));
            try {
                return client.schemaById(confluent.schemaId());
            } catch (SchemaRegistryException e) {
                String message = "Record on topic " + topic + ": could not get its writer schema (id "
                        + confluent.schemaId() + "): " + e.getMessage();
                if (e.isTransient()) {
                    throw new SchemaRegistryUnavailableException(
                            message + " (the registry is unavailable: read the record" + " again later)", e);
                }
                throw new SerializationException(message, e);
            }
        }
        WireHeader.SingleObject singleObject = (WireHeader.SingleObject) header;
        return knownSchemas
                .byFingerprint(singleObject.fingerprint())
                .orElseThrow(() -> new SerializationException("Record on topic " + topic
                        + " was written with an unknown schema (single-object fingerprint "
                        + String.format("%016x", singleObject.fingerprint())
                        + "): not one of the fleetban schemas this build"
                        + " knows; was it written by a different fleetban version, or by another application?"));
    }

    private DatumReader<T> resolvingReader(String topic, Schema writerSchema) {
        // Schema resolution matches records by full name: say so plainly instead of Avro's grammar error.
        if (!writerSchema.getFullName().equals(readerSchema.getFullName())
                && !readerSchema.getAliases().contains(writerSchema.getFullName())) {
            throw new SerializationException("Record on topic " + topic + " is a " + writerSchema.getFullName()
                    + ", but this topic carries " + readerSchema.getFullName());
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, model);
    }

    private static String describe(String topic, WireHeader header, byte[] data) {
        return "Record on topic " + topic + " (" + header + ", " + data.length + " bytes, starting "
                + WireHeader.hexPrefix(data) + ")";
    }
}
