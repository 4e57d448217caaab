package io.fleetban.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a record as header + Avro binary: the Confluent wire format when a registry is configured (the schema is
 * registered under {@code <topic>-value}, Confluent's default TopicNameStrategy, so Confluent tools find it), otherwise
 * Avro single-object encoding. A null value stays null: it is a tombstone on the compacted active-bans topic.
 * Thread-safe: a producer may serialize from several threads.
 */
final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Schema schema;
    private final DatumWriter<T> writer;
    private final Optional<SchemaRegistryClient> registry;
    private final WireHeader singleObjectHeader;

    AvroSerializer(Class<T> type, Optional<SchemaRegistryClient> registry) {
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.registry = registry;
        this.singleObjectHeader = new WireHeader.SingleObject(KnownSchemas.fingerprint(schema));
    }

    /** Confluent's TopicNameStrategy for record values. */
    static String valueSubject(String topic) {
        return topic + "-value";
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        WireHeader header = registry.isPresent() ? new WireHeader.Confluent(schemaId(topic)) : singleObjectHeader;
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        header.writeTo(out);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // A required field left null or a value of the wrong type: the producer's bug, named with the record type.
            throw new SerializationException(
                    "Could not serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Registers (or finds) the schema under {@code topic}'s subject now, as the first record would, so that no record
     * needs the registry later: asking the registry even when the id is cached, the cached id serving only while the
     * registry cannot answer. Nothing to do without a registry.
     */
    void resolveSchemaId(String topic) {
        if (registry.isPresent()) {
            schemaId(topic, SchemaRegistryClient::registerPreferringRegistry);
        }
    }

    private int schemaId(String topic) {
        return schemaId(topic, SchemaRegistryClient::register);
    }

    /** How the id is asked for: from the cache first (every record), or from the registry first (at start). */
    @FunctionalInterface
    private interface Registration {
        int register(SchemaRegistryClient client, String subject, Schema schema);
    }

    private int schemaId(String topic, Registration registration) {
        String subject = valueSubject(topic);
        try {
            return registration.register(registry.orElseThrow(), subject, schema);
        } catch (SchemaRegistryException e) {
            String message =
                    "Could not register " + schema.getFullName() + " under subject " + subject + ": " + e.getMessage();
            if (e.isTransient()) {
                // Only the first record of a subject asks the registry: a producer should send it again, not drop it.
                throw new SchemaRegistryUnavailableException(
                        message + " (the registry is unavailable: send the record" + " again later)", e);
            }
            throw new SerializationException(message, e);
        }
    }
}
