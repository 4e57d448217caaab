package io.fleetban.wire;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of every fleetban record value (io.fleetban.avro classes).
 *
 * <p>With a registry it writes the Confluent wire format ({@code 0x00}, 4-byte big-endian schema id, Avro binary), the
 * schema registered under {@code <topic>-value}; without one, Avro single-object encoding ({@code 0xC3 0x01}, 8-byte
 * little-endian CRC-64-AVRO fingerprint, Avro binary). It reads both. Configured entirely by its constructor:
 * {@link #configure} has nothing to add. Obtain instances through {@code io.fleetban.kafka.Topics}.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    /**
     * @param type     the generated record class
     * @param registry the Schema Registry, or empty for single-object encoding
     */
    public AvroSerde(Class<T> type, Optional<SchemaRegistryClient> registry) {
        this(type, registry, KnownSchemas.fleetban());
    }

    /** Also decodes single-object records written with {@code extraWriterSchemas} (earlier versions of the schema). */
    public AvroSerde(Class<T> type, Optional<SchemaRegistryClient> registry, List<Schema> extraWriterSchemas) {
        this(type, registry, KnownSchemas.fleetban().with(extraWriterSchemas));
    }

    private AvroSerde(Class<T> type, Optional<SchemaRegistryClient> registry, KnownSchemas knownSchemas) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(registry, "registry");
        this.serializer = new AvroSerializer<>(type, registry);
        this.deserializer = new AvroDeserializer<>(type, registry, knownSchemas);
    }

    /** A serde without registry: single-object encoding. */
    public static <T extends SpecificRecord> AvroSerde<T> singleObject(Class<T> type) {
        return new AvroSerde<>(type, Optional.empty());
    }

    /**
     * Makes the registry call the first record written to {@code topic} would make (register the schema under
     * {@code <topic>-value}, or find its id there), into the same cache: a process that does this at start writes
     * every later record without the registry. The registry is asked even when the id is cached (a cache file may
     * predate a registry reset); the cached id serves while the registry cannot answer. Nothing to do without a
     * registry.
     *
     * @throws SchemaRegistryUnavailableException when the registry cannot answer now (ask again later)
     * @throws org.apache.kafka.common.errors.SerializationException when it refuses the schema (incompatible, denied)
     */
    public void resolveWriterSchema(String topic) {
        serializer.resolveSchemaId(topic);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
