package io.fleetban.wire;

import java.util.OptionalInt;
import org.apache.kafka.common.KafkaException;

/**
 * The Schema Registry refused a request or could not be reached. The message names the URL, the HTTP status and the
 * registry's own {@code error_code} and {@code message} (for example 409 / 409 "Schema being registered is incompatible
 * with an earlier schema", 404 / 40401 "Subject not found", 404 / 40403 "Schema not found").
 */
public final class SchemaRegistryException extends KafkaException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    /** An answer with this HTTP status and registry error code (-1: none), or {@code httpStatus} -1: no answer. */
    SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The HTTP status, absent when no answer came (connection refused, timeout). */
    public OptionalInt httpStatus() {
        return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The registry's {@code error_code} (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible). */
    public OptionalInt errorCode() {
        return errorCode < 0 ? OptionalInt.empty() : OptionalInt.of(errorCode);
    }

    /**
     * Whether asking again later may succeed: no answer (connection refused, reset, timeout), 5xx, 408 (request
     * timeout), 429 (rate limited), or 401/403: refused credentials are the agent's configuration, not the record's
     * fault, and skipping a ban until an operator fixes them would lose it. A consumer should then retry the record
     * rather than skip it or send it to the dead-letter topic; the deserializer says so with
     * {@link SchemaRegistryUnavailableException}.
     */
    public boolean isTransient() {
        return httpStatus < 0
                || httpStatus >= 500
                || httpStatus == 408
                || httpStatus == 429
                || httpStatus == 401
                || httpStatus == 403;
    }

    /**
     * Whether {@code failure} (typically a SerializationException, or the RecordDeserializationException a consumer
     * wraps around it) was caused by a registry that could not answer, rather than by the record: such a record should
     * be retried, not dead-lettered.
     */
    public static boolean isTransientCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry) {
                return registry.isTransient();
            }
        }
        return false;
    }
}
