package io.fleetban.kafka;

import java.util.Objects;

/**
 * A problem with one key of the {@code [kafka]} section. An IllegalArgumentException, as every section reader's
 * refusal is; the key is kept so that a caller collecting every mistake of a file ({@code fleetban check}) can find
 * the line to look past.
 */
public final class KafkaKeyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private final String key;

  KafkaKeyException(String message, String key) {
    super(message);
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The {@code [kafka]} key the message is about. */
  public String key() {
    return key;
  }
}
