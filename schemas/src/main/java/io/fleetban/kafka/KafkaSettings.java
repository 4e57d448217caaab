package io.fleetban.kafka;

import io.fleetban.wire.SchemaRegistrySettings;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every fleetban agent reaches Kafka, parsed once from the {@code [kafka]} section of fleetban.conf.
 * This is the one place Kafka client configurations are built.
 *
 * <p>Keys of the {@code [kafka]} section:
 * <ul>
 *   <li>{@code bootstrap.servers} (required): {@code host:port[,host:port...]}.</li>
 *   <li>{@code topic.prefix} (default {@code fleetban.}): prepended to every topic name.</li>
 *   <li>{@code schema.registry.url} (default none): a Confluent-compatible Schema Registry; when set, records are
 *       written in the Confluent wire format, otherwise in Avro single-object encoding.</li>
 *   <li>{@code schema.registry.basic.auth.user.info} (default none): {@code user:password} for the registry.</li>
 *   <li>{@code topic.partitions} (default 6), {@code topic.replication.factor} (default 1): for the topics the
 *       coordinator creates.</li>
 *   <li>every other key ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...) passes to all Kafka clients
 *       as is, except the keys fleetban sets itself (see {@link #RESERVED_KEYS}).</li>
 * </ul>
 *
 * <p>One host runs a shipper and an enforcer, and least-privilege ACLs give them different principals: an agent's
 * own section {@code [shipper.kafka]}, {@code [enforcer.kafka]}, {@code [coordinator.kafka]} or
 * {@code [client.kafka]} ({@link #agentSection}) overrides {@code [kafka]} key by key for that agent only (a blank
 * value removes the key); {@code topic.prefix}, {@code topic.partitions} and {@code topic.replication.factor} are
 * fleet-wide and stay in {@code [kafka]}.
 *
 * @param bootstrapServers       the brokers to bootstrap from
 * @param topicPrefix            prefix of every fleetban topic name
 * @param schemaRegistryUrl      the registry, if records use the Confluent wire format
 * @param topicPartitions        partitions of every fleetban topic (the same everywhere, so a command keyed by an IP
 *                               lands in the partition holding that IP's offenses)
 * @param topicReplicationFactor replication factor of every fleetban topic
 * @param clientOverrides        the remaining keys of the section; {@code schema.registry.*} keys among them configure
 *                               the registry client and never reach the Kafka clients
 */
public record KafkaSettings(String bootstrapServers, String topicPrefix, Optional<URI> schemaRegistryUrl,
                            int topicPartitions, short topicReplicationFactor, Map<String, String> clientOverrides) {

  /** The section every agent reads. */
  public static final String SECTION = "kafka";

  /** Required: the brokers, {@code host:port[,host:port...]} ({@code [v6addr]:port} for IPv6 literals). */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** Prefix of every topic name (default {@value #DEFAULT_TOPIC_PREFIX}); letters, digits, '.', '_', '-'. */
  public static final String TOPIC_PREFIX = "topic.prefix";
  /** Base URL of a Confluent-compatible Schema Registry (default none: Avro single-object encoding). */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** {@code user:password} sent to the Schema Registry with HTTP basic auth (default none); never printed. */
  public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
  /** Partitions of every fleetban topic the coordinator creates (default {@value #DEFAULT_TOPIC_PARTITIONS}). */
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  /** Replication factor of every fleetban topic the coordinator creates (default 1; use 3 in production). */
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";

  public static final String DEFAULT_TOPIC_PREFIX = "fleetban.";
  public static final int DEFAULT_TOPIC_PARTITIONS = 6;
  public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;

  /** Keys the Kafka clients never see: they configure the Schema Registry client. */
  static final String SCHEMA_REGISTRY_KEY_PREFIX = "schema.registry.";

  /**
   * Keys fleetban sets itself because its guarantees rest on them (idempotent acks=all producer, read_committed
   * consumer that commits only what it has applied, latency-first linger) or because each client sets them per use.
   */
  public static final Set<String> RESERVED_KEYS = Set.of(
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG, ProducerConfig.LINGER_MS_CONFIG,
      ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
      CommonClientConfigs.CLIENT_ID_CONFIG, CommonClientConfigs.GROUP_ID_CONFIG,
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    if (topicPartitions < 1) {
      throw new IllegalArgumentException("topicPartitions must be at least 1: " + topicPartitions);
    }
    if (topicReplicationFactor < 1) {
      throw new IllegalArgumentException("topicReplicationFactor must be at least 1: " + topicReplicationFactor);
    }
    clientOverrides = Collections.unmodifiableMap(new TreeMap<>(clientOverrides));
  }

  /**
   * Parses and validates the {@code [kafka]} section.
   *
   * @param kafkaSection the section's keys and values
   * @param sourceName   the file (or other source) the section came from, named in every error
   * @throws IllegalArgumentException "{@code <sourceName>: [kafka] <key>: <problem>}" for a missing or invalid key
   */
  public static KafkaSettings parse(Map<String, String> kafkaSection, String sourceName) {
    return new KafkaSectionParser(kafkaSection, sourceName).parse();
  }

  /**
   * Parses {@code [kafka]} with one agent's own section over it.
   *
   * @param agentSection the agent's section ({@link #agentSection}), empty when the file has none
   * @param agent        {@code shipper}, {@code enforcer}, {@code coordinator} or {@code client}
   * @throws IllegalArgumentException "{@code <sourceName>: [<section>] <key>: <problem>}", naming the section the
   *                                  key came from
   */
  public static KafkaSettings parse(Map<String, String> kafkaSection, Map<String, String> agentSection, String agent,
                                    String sourceName) {
    return new KafkaSectionParser(kafkaSection, agentSection, agentSection(agent), sourceName).parse();
  }

  /** The name of an agent's own Kafka section: {@code shipper} -> {@code shipper.kafka}. */
  public static String agentSection(String agent) {
    return agent + "." + SECTION;
  }

  /** Defaults everywhere, no registry: for tests and the demo. */
  public static KafkaSettings local(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, DEFAULT_TOPIC_PREFIX, Optional.empty(), DEFAULT_TOPIC_PARTITIONS,
        DEFAULT_TOPIC_REPLICATION_FACTOR, Map.of());
  }

  /** The registry client's settings, present when {@code schema.registry.url} is set. */
  public Optional<SchemaRegistrySettings> schemaRegistry() {
    return schemaRegistryUrl.map(url -> new SchemaRegistrySettings(url,
        Optional.ofNullable(clientOverrides.get(SCHEMA_REGISTRY_USER_INFO)),
        SchemaRegistrySettings.DEFAULT_REQUEST_TIMEOUT));
  }

  /** Bootstrap servers plus the pass-through keys; a fresh map the caller may extend (Kafka Streams builds on it). */
  public Map<String, Object> commonConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    clientOverrides.forEach((key, value) -> {
      if (!key.startsWith(SCHEMA_REGISTRY_KEY_PREFIX)) {
        config.put(key, value);
      }
    });
    return config;
  }

  /**
   * An idempotent producer with acks=all (a broker failover neither loses nor duplicates an offense) and
   * linger.ms=0: an offense is sent at once, because ban latency is the product.
   */
  public Map<String, Object> producerConfig(String clientId) {
    Map<String, Object> config = withClientId(clientId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // One IPv6 network's offenses and commands must meet in one partition (see OffenderPartitioner).
    config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, OffenderPartitioner.class.getName());
    return config;
  }

  /**
   * A read_committed consumer (it never sees a decision from an aborted coordinator transaction) that commits
   * offsets itself, only after it has applied what it read.
   *
   * @param groupId empty for consumers that assign partitions themselves (every enforcer reads every decision)
   */
  public Map<String, Object> consumerConfig(String clientId, Optional<String> groupId) {
    Map<String, Object> config = withClientId(clientId);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    groupId.ifPresent(group -> config.put(ConsumerConfig.GROUP_ID_CONFIG, group));
    return config;
  }

  /** An admin client (topic creation, health checks). */
  public Map<String, Object> adminConfig(String clientId) {
    return withClientId(clientId);
  }

  private Map<String, Object> withClientId(String clientId) {
    Map<String, Object> config = commonConfig();
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, Objects.requireNonNull(clientId, "clientId"));
    return config;
  }

  /** Hides secrets (SASL JAAS config, passwords, registry credentials), which records would otherwise print. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    clientOverrides.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
    return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
        + ", schemaRegistryUrl=" + schemaRegistryUrl.map(URI::toString).orElse("none")
        + ", topicPartitions=" + topicPartitions + ", topicReplicationFactor=" + topicReplicationFactor
        + ", clientOverrides=" + shown + "]";
  }

  private static boolean isSecret(String key) {
    return key.contains("password") || key.contains("jaas") || key.contains("user.info") || key.contains("secret")
        || key.contains("key");
  }
}
