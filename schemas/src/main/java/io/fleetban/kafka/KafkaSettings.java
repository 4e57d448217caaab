package io.fleetban.kafka;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.ValueType;
import io.fleetban.config.ValueTypes;
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
 * <p>The section's keys are declared in {@link #DEFINITION}; every other key ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, ...) passes to all Kafka clients as is, except the keys fleetban sets itself
 * (see {@link #RESERVED_KEYS}).
 *
 * <p>One host runs a shipper and an enforcer, and least-privilege ACLs give them different principals: an agent's
 * own section {@code [shipper.kafka]}, {@code [enforcer.kafka]}, {@code [coordinator.kafka]} or
 * {@code [client.kafka]} ({@link #agentSection}) overrides {@code [kafka]} key by key for that agent only (a blank
 * value stands for the key's default, so it removes a pass-through key); {@code topic.prefix},
 * {@code topic.partitions}, {@code decision.partitions} and {@code topic.replication.factor} are fleet-wide and stay
 * in {@code [kafka]}.
 *
 * @param bootstrapServers       the brokers to bootstrap from
 * @param topicPrefix            prefix of every fleetban topic name
 * @param schemaRegistryUrl      the registry, if records use the Confluent wire format
 * @param topicPartitions        partitions of every fleetban topic but the decision topics (one count for all of
 *                               them, so a command keyed by an IP lands in the partition holding that IP's offenses)
 * @param decisionPartitions     partitions of the decision topics, bans and unbans, which every enforcer reads whole
 * @param topicReplicationFactor replication factor of every fleetban topic
 * @param clientOverrides        the remaining keys of the section; {@code schema.registry.*} keys among them configure
 *                               the registry client and never reach the Kafka clients
 */
public record KafkaSettings(
        String bootstrapServers,
        String topicPrefix,
        Optional<URI> schemaRegistryUrl,
        int topicPartitions,
        int decisionPartitions,
        short topicReplicationFactor,
        Map<String, String> clientOverrides) {

    /** The section every agent reads. */
    public static final String SECTION = "kafka";

    /** The brokers ({@link #DEFINITION} has each key's type, default and doc). */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Prefix of every topic name. */
    public static final String TOPIC_PREFIX = "topic.prefix";
    /** Base URL of a Confluent-compatible Schema Registry. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} sent to the Schema Registry with HTTP basic auth; never printed. */
    public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
    /** Where the registry client takes its credentials from: only {@code USER_INFO}. */
    public static final String SCHEMA_REGISTRY_CREDENTIALS_SOURCE = "schema.registry.basic.auth.credentials.source";
    /** Partitions of every fleetban topic the coordinator creates, but bans and unbans. */
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    /** Partitions of bans and unbans when the coordinator creates them. */
    public static final String DECISION_PARTITIONS = "decision.partitions";
    /** Replication factor of every fleetban topic the coordinator creates. */
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";

    public static final String DEFAULT_TOPIC_PREFIX = "fleetban.";
    public static final int DEFAULT_TOPIC_PARTITIONS = 6;
    /**
     * One: every enforcer fetches every decision partition, so each partition more adds to every fetch of every host
     * (and a fetch per broker leading one), while a single partition takes far more decisions than a coordinator
     * makes.
     */
    public static final int DEFAULT_DECISION_PARTITIONS = 1;

    public static final short DEFAULT_TOPIC_REPLICATION_FACTOR = 1;

    private static final ValueType<Integer> PARTITION_COUNT =
            ValueType.of("integer", text -> KafkaSectionParser.positiveInt(text, Integer.MAX_VALUE));

    /** The keys of {@code [kafka]}; other keys pass through to the Kafka clients. */
    public static final ConfigDef DEFINITION = ConfigDef.section(SECTION)
            .define(
                    BOOTSTRAP_SERVERS,
                    ValueType.of("host:port[,host:port...]", KafkaSectionParser::bootstrapServers),
                    Default.required(),
                    "brokers, `host:port[,host:port...]` (`[v6addr]:port` for IPv6 literals)")
            .defineFleetWide(
                    TOPIC_PREFIX,
                    ValueType.of("topic prefix", KafkaSectionParser::topicPrefix),
                    Default.of(DEFAULT_TOPIC_PREFIX),
                    "prefix of every topic (letters, digits, `.`, `_`, `-`)")
            .define(
                    SCHEMA_REGISTRY_URL,
                    ValueType.of("URL", KafkaSectionParser::registryUrl),
                    Default.none(),
                    "Confluent-compatible registry: Confluent wire format; without it, Avro single-object encoding")
            .defineSecret(
                    SCHEMA_REGISTRY_USER_INFO,
                    ValueTypes.STRING,
                    Default.none(),
                    "`user:password` for the registry (HTTP basic auth)")
            .define(
                    SCHEMA_REGISTRY_CREDENTIALS_SOURCE,
                    ValueTypes.STRING,
                    Default.none("`USER_INFO`"),
                    "where the registry credentials come from; only `USER_INFO` is supported")
            .defineFleetWide(
                    TOPIC_PARTITIONS,
                    PARTITION_COUNT,
                    Default.of(Integer.toString(DEFAULT_TOPIC_PARTITIONS)),
                    "partitions of the topics the coordinator creates but `bans` and `unbans` (one count for all of them,"
                            + " so a command keyed by an IP lands in the partition holding that IP's offenses)")
            .defineFleetWide(
                    DECISION_PARTITIONS,
                    PARTITION_COUNT,
                    Default.of(Integer.toString(DEFAULT_DECISION_PARTITIONS)),
                    "partitions of `bans` and `unbans` when the coordinator creates them: every enforcer reads all of"
                            + " them, so each one more costs every fetch of every host; one takes thousands of decisions"
                            + " a second")
            .defineFleetWide(
                    TOPIC_REPLICATION_FACTOR,
                    ValueType.of("integer", text -> KafkaSectionParser.positiveInt(text, Short.MAX_VALUE)),
                    Default.of(Short.toString(DEFAULT_TOPIC_REPLICATION_FACTOR)),
                    "replication factor of the topics the coordinator creates (3 in production)")
            .passThrough("`security.protocol`, `sasl.*`, `ssl.*`, ...", "passed to the Kafka clients as they are");

    /**
     * What an agent's own section ({@link #agentSection}) may set, for the README: any {@code [kafka]} key but the
     * fleet-wide ones.
     */
    public static final String AGENT_SECTION_DOC = "override `[kafka]` for that agent only (an empty value stands for"
            + " the key's default, so it removes a `[kafka]` key), so the shipper and the enforcer of one host log in as"
            + " their own principals (`deploy/kafka/README.md`)";

    /** Keys the Kafka clients never see: they configure the Schema Registry client. */
    static final String SCHEMA_REGISTRY_KEY_PREFIX = "schema.registry.";

    /**
     * Keys fleetban sets itself because its guarantees rest on them (idempotent acks=all producer, read_committed
     * consumer that commits only what it has applied, latency-first linger) or because each client sets them per use.
     */
    public static final Set<String> RESERVED_KEYS = Set.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            CommonClientConfigs.CLIENT_ID_CONFIG,
            CommonClientConfigs.GROUP_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be at least 1: " + topicPartitions);
        }
        if (decisionPartitions < 1) {
            throw new IllegalArgumentException("decisionPartitions must be at least 1: " + decisionPartitions);
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
        return new KafkaSectionParser(KafkaSectionParser.synthetic(kafkaSection), Map.of(), null, sourceName).parse();
    }

    /**
     * Parses {@code [kafka]} with one agent's own section over it.
     *
     * @param agentSection the agent's section ({@link #agentSection}), empty when the file has none
     * @param agent        {@code shipper}, {@code enforcer}, {@code coordinator} or {@code client}
     * @throws IllegalArgumentException "{@code <sourceName>: [<section>] <key>: <problem>}", naming the section the
     *                                  key came from
     */
    public static KafkaSettings parse(
            Map<String, String> kafkaSection, Map<String, String> agentSection, String agent, String sourceName) {
        return new KafkaSectionParser(
                        KafkaSectionParser.synthetic(kafkaSection),
                        KafkaSectionParser.synthetic(agentSection),
                        agentSection(agent),
                        sourceName)
                .parse();
    }

    /** The name of an agent's own Kafka section: {@code shipper} -> {@code shipper.kafka}. */
    public static String agentSection(String agent) {
        return agent + "." + SECTION;
    }

    /** Defaults everywhere, no registry: for tests and the demo. */
    public static KafkaSettings local(String bootstrapServers) {
        return new KafkaSettings(
                bootstrapServers,
                DEFAULT_TOPIC_PREFIX,
                Optional.empty(),
                DEFAULT_TOPIC_PARTITIONS,
                DEFAULT_DECISION_PARTITIONS,
                DEFAULT_TOPIC_REPLICATION_FACTOR,
                Map.of());
    }

    /** The registry client's settings, present when {@code schema.registry.url} is set. */
    public Optional<SchemaRegistrySettings> schemaRegistry() {
        return schemaRegistryUrl.map(url -> new SchemaRegistrySettings(
                url,
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

    /**
     * For the agents, which run on every host and report through their own {@code /metrics}: no Kafka JMX reporter
     * (Kafka's default registers an MBean per metric group of every client), unless {@code [kafka]
     * metric.reporters} names reporters. Kafka still registers one app-info MBean per client.
     */
    public static Map<String, Object> withoutJmxReporter(Map<String, Object> clientConfig) {
        clientConfig.putIfAbsent(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        return clientConfig;
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
                + ", topicPartitions=" + topicPartitions + ", decisionPartitions=" + decisionPartitions
                + ", topicReplicationFactor=" + topicReplicationFactor
                + ", clientOverrides=" + shown + "]";
    }

    /** True for a key whose value is a credential: never printed, masked by {@code fleetban config print}. */
    public static boolean isSecret(String key) {
        return key.contains("password")
                || key.contains("jaas")
                || key.contains("user.info")
                || key.contains("secret")
                || key.contains("key")
                || key.contains("token");
    }
}
