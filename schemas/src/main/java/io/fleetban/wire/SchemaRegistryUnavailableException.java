package io.fleetban.wire;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be decoded because the Schema Registry could not give its writer schema right now (no answer,
 * a timeout, HTTP 5xx, 408 or 429), after the client's own short retries. The record itself may be fine: a consumer
 * must read it again later instead of skipping it or sending it to the dead-letter topic, or a registry outage would
 * silently lose every record written with a schema id this process had not cached yet. The serializer throws it too
 * when the first record of a subject cannot be registered for the same reasons: the producer should send again.
 *
 * <p>A {@link SerializationException}, so code that only knows the deserializer's contract still sees a decode
 * failure; code that can wait catches this type first, or asks {@link SchemaRegistryException#isTransientCause} where the
 * exception arrives wrapped. The cause is the {@link SchemaRegistryException}.
 */
public final class SchemaRegistryUnavailableException extends SerializationException {

    private static final long serialVersionUID = 1L;

    SchemaRegistryUnavailableException(String message, SchemaRegistryException cause) {
        super(message, cause);
    }
}
