package io.fleetban.kafka;

import java.util.Objects;

/**
 * A problem with one Kafka key ({@code [kafka]}, or an agent's own {@code [<agent>.kafka]} section). An
 * IllegalArgumentException, as every section reader's refusal is; section and key are kept so that a caller
 * collecting every mistake of a file ({@code fleetban check}) can find the line to look past.
 */
public final class KafkaKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final String section;
    private final String key;

    KafkaKeyException(String message, String section, String key) {
        super(message);
        this.section = Objects.requireNonNull(section, "section");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The section the key was read from. */
    public String section() {
        return section;
    }

    /** The key the message is about. */
    public String key() {
        return key;
    }
}
