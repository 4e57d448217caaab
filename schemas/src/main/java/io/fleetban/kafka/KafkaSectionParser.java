package io.fleetban.kafka;

import static io.fleetban.kafka.KafkaSettings.BOOTSTRAP_SERVERS;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_KEY_PREFIX;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_URL;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_USER_INFO;
import static io.fleetban.kafka.KafkaSettings.TOPIC_PARTITIONS;
import static io.fleetban.kafka.KafkaSettings.TOPIC_PREFIX;
import static io.fleetban.kafka.KafkaSettings.TOPIC_REPLICATION_FACTOR;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the {@code [kafka]} section, with one agent's {@code [<agent>.kafka]} section over it, into
 * {@link KafkaSettings}; every error names the source, the section the key came from, and the key.
 */
final class KafkaSectionParser {

  /** Fleet-wide facts: every agent must agree on them, so an agent's own section may not change them. */
  private static final Set<String> FLEET_WIDE_KEYS = Set.of(TOPIC_PREFIX, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR);

  /** Kafka's own rule for topic names: legal characters, at most 249 of them. */
  private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");
  private static final int MAX_TOPIC_NAME = 249;
  /** Our longest topic suffix; the prefix must leave room for it. */
  private static final String LONGEST_TOPIC = "active-bans";
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^\\s:,\\[\\]]+):(\\d{1,5})");
  /** Only the registry keys fleetban understands, so a typo in a credential key fails at start instead of at 401. */
  private static final Set<String> REGISTRY_KEYS = Set.of(SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER_INFO,
      "schema.registry.basic.auth.credentials.source");

  private final Map<String, String> section;
  /** The section each key of {@link #section} was read from, for error messages. */
  private final Map<String, String> origin = new TreeMap<>();
  private final String sourceName;

  KafkaSectionParser(Map<String, String> section, String sourceName) {
    this(section, Map.of(), null, sourceName);
  }

  /**
   * @param agentSection     the agent's own section: a key there replaces the same key of {@code [kafka]}, a key
   *                         with a blank value removes it (e.g. {@code sasl.jaas.config =} for an agent that
   *                         authenticates with a certificate instead)
   * @param agentSectionName its name, e.g. {@code shipper.kafka}; null when there is none
   */
  KafkaSectionParser(Map<String, String> kafkaSection, Map<String, String> agentSection, String agentSectionName,
                     String sourceName) {
    this.section = new TreeMap<>();
    this.sourceName = sourceName;
    kafkaSection.forEach((key, value) -> {
      this.section.put(key.trim(), value == null ? "" : value.trim());
      origin.put(key.trim(), KafkaSettings.SECTION);
    });
    agentSection.forEach((rawKey, value) -> {
      String key = rawKey.trim();
      origin.put(key, agentSectionName);
      if (FLEET_WIDE_KEYS.contains(key)) {
        throw problem(key, "is the same for every agent: set it in [" + KafkaSettings.SECTION + "] only");
      }
      this.section.put(key, value == null ? "" : value.trim());
    });
  }

  KafkaSettings parse() {
    String bootstrap = bootstrapServers();
    String prefix = topicPrefix();
    Optional<URI> registry = optional(SCHEMA_REGISTRY_URL).map(this::registryUrl);
    int partitions = positiveInt(TOPIC_PARTITIONS, KafkaSettings.DEFAULT_TOPIC_PARTITIONS, Integer.MAX_VALUE);
    short replication = (short) positiveInt(TOPIC_REPLICATION_FACTOR, KafkaSettings.DEFAULT_TOPIC_REPLICATION_FACTOR,
        Short.MAX_VALUE);
    Map<String, String> overrides = overrides();
    checkRegistryKeys(registry.isPresent());
    return new KafkaSettings(bootstrap, prefix, registry, partitions, replication, overrides);
  }

  private String bootstrapServers() {
    String value = optional(BOOTSTRAP_SERVERS)
        .orElseThrow(() -> problem(BOOTSTRAP_SERVERS, "is required (host:port[,host:port...])"));
    for (String server : value.split(",", -1)) {
      var matcher = HOST_PORT.matcher(server.trim());
      if (!matcher.matches() || Integer.parseInt(matcher.group(2)) < 1 || Integer.parseInt(matcher.group(2)) > 65535) {
        throw problem(BOOTSTRAP_SERVERS, "'" + server.trim() + "' is not host:port");
      }
    }
    return value;
  }

  private String topicPrefix() {
    String prefix = section.getOrDefault(TOPIC_PREFIX, KafkaSettings.DEFAULT_TOPIC_PREFIX);
    if (!TOPIC_CHARS.matcher(prefix).matches()) {
      throw problem(TOPIC_PREFIX, "'" + prefix + "' may contain only ASCII letters, digits, '.', '_' and '-'");
    }
    if (prefix.length() + LONGEST_TOPIC.length() > MAX_TOPIC_NAME) {
      throw problem(TOPIC_PREFIX, "is too long: topic names may have at most " + MAX_TOPIC_NAME + " characters");
    }
    return prefix;
  }

  private URI registryUrl(String text) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw problem(SCHEMA_REGISTRY_URL, "'" + text + "' is not a URL: " + e.getReason());
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw problem(SCHEMA_REGISTRY_URL, "'" + text + "' must be an http:// or https:// URL with a host");
    }
    if (url.getUserInfo() != null) {
      // Credentials in a URL end up in logs and error messages; keep them in one key we never print.
      throw problem(SCHEMA_REGISTRY_URL, "must not contain credentials; use " + SCHEMA_REGISTRY_USER_INFO);
    }
    return url;
  }

  private int positiveInt(String key, int defaultValue, int max) {
    Optional<String> text = optional(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      throw problem(key, "'" + text.get() + "' is not a whole number between 1 and " + max);
    }
    throw problem(key, "'" + text.get() + "' must be between 1 and " + max);
  }

  private Map<String, String> overrides() {
    Map<String, String> overrides = new TreeMap<>(section);
    overrides.values().removeIf(String::isEmpty);
    overrides.keySet().removeAll(Set.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, SCHEMA_REGISTRY_URL, TOPIC_PARTITIONS,
        TOPIC_REPLICATION_FACTOR));
    for (String key : overrides.keySet()) {
      if (KafkaSettings.RESERVED_KEYS.contains(key)) {
        throw problem(key, "is set by fleetban itself and cannot be overridden");
      }
    }
    return overrides;
  }

  private void checkRegistryKeys(boolean registryConfigured) {
    for (var entry : section.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(SCHEMA_REGISTRY_KEY_PREFIX) || entry.getValue().isEmpty()) {
        continue;
      }
      if (!REGISTRY_KEYS.contains(key)) {
        throw problem(key, "unknown schema registry key (known: " + new TreeSet<>(REGISTRY_KEYS) + ")");
      }
      if (!key.equals(SCHEMA_REGISTRY_URL) && !registryConfigured) {
        throw problem(key, "is set but " + SCHEMA_REGISTRY_URL + " is not");
      }
    }
    optional("schema.registry.basic.auth.credentials.source").filter(source -> !source.equals("USER_INFO"))
        .ifPresent(source -> {
          throw problem("schema.registry.basic.auth.credentials.source", "only USER_INFO is supported, not " + source);
        });
    optional(SCHEMA_REGISTRY_USER_INFO).filter(info -> info.indexOf(':') < 1)
        .ifPresent(info -> {
          throw problem(SCHEMA_REGISTRY_USER_INFO, "must be user:password");
        });
  }

  /** A key with a blank value counts as absent, like an INI line "key =" that only documents the key. */
  private Optional<String> optional(String key) {
    return Optional.ofNullable(section.get(key)).filter(value -> !value.isEmpty());
  }

  private IllegalArgumentException problem(String key, String message) {
    final String section = origin.getOrDefault(key, KafkaSettings.SECTION);
    return new KafkaKeyException(sourceName + ": [" + section + "] " + key + ": " + message, section, key);
  }
}
