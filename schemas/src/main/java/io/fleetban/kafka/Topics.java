package io.fleetban.kafka;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Command;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.wire.AvroSerde;
import io.fleetban.wire.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The fleetban topics, with their names and serdes: the only place a topic name is spelled. Immutable; one instance
 * per process is enough (the serdes are thread-safe and share one registry client and its cache).
 *
 * <p>Keys are plain UTF-8 strings: the IP in canonical text (or CIDR for prefix bans), {@code <jail>/<ip>} on
 * active-bans. Values are Avro records through {@link AvroSerde}.
 */
public final class Topics {

    public static final String OFFENSES = "offenses";
    public static final String BANS = "bans";
    public static final String UNBANS = "unbans";
    public static final String ACTIVE_BANS = "active-bans";
    public static final String COMMANDS = "commands";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String ENFORCER_STATUS = "enforcer-status";
    private static final String SCHEMA_CACHE_DIR = "schema-cache";

    private final KafkaSettings settings;
    private final Topic<String, Offense> offenses;
    private final Topic<String, BanDecision> bans;
    private final Topic<String, Unban> unbans;
    private final Topic<String, ActiveBan> activeBans;
    private final Topic<String, Command> commands;
    private final Topic<byte[], byte[]> deadLetter;
    private final Topic<String, EnforcerStatus> enforcerStatus;

    private Topics(KafkaSettings settings, Optional<SchemaRegistryClient> registry) {
        this.settings = settings;
        this.offenses = avroTopic(OFFENSES, Offense.class, registry);
        this.bans = avroTopic(BANS, BanDecision.class, registry);
        this.unbans = avroTopic(UNBANS, Unban.class, registry);
        this.activeBans = avroTopic(ACTIVE_BANS, ActiveBan.class, registry);
        this.commands = avroTopic(COMMANDS, Command.class, registry);
        this.enforcerStatus = avroTopic(ENFORCER_STATUS, EnforcerStatus.class, registry);
        // Dead letters keep the original bytes untouched: whatever could not be decoded must stay inspectable.
        this.deadLetter = new Topic<>(name(DEAD_LETTER), Serdes.ByteArray(), Serdes.ByteArray());
    }

    /**
     * The topics of these settings, with serdes for the configured wire format: Confluent wire format through the
     * Schema Registry when {@code schema.registry.url} is set, Avro single-object encoding otherwise.
     */
    public static Topics create(KafkaSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Topics(settings, settings.schemaRegistry().map(SchemaRegistryClient::new));
    }

    /**
     * As {@link #create(KafkaSettings)}, for an agent with a state directory: the registry client keeps its answers in
     * {@link #schemaCacheDirectory(Path) the schema cache below it} across restarts (see
     * {@link SchemaRegistryClient#SchemaRegistryClient(io.fleetban.wire.SchemaRegistrySettings, Path)}), so that an
     * agent restarted during a registry outage still handles every schema it has seen. Every agent (coordinator,
     * shipper, enforcer) keeps it in the same place below its own {@code state.dir}.
     */
    public static Topics createWithStateDir(KafkaSettings settings, Path stateDir) {
        Objects.requireNonNull(settings, "settings");
        Path cacheDirectory = schemaCacheDirectory(stateDir);
        return new Topics(
                settings,
                settings.schemaRegistry().map(registry -> new SchemaRegistryClient(registry, cacheDirectory)));
    }

    /** Where an agent whose state directory is {@code stateDir} keeps the registry's answers. */
    public static Path schemaCacheDirectory(Path stateDir) {
        return Objects.requireNonNull(stateDir, "stateDir").resolve(SCHEMA_CACHE_DIR);
    }

    /** Offenses from every shipper, keyed by IP, so all of one IP's offenses meet in one partition. */
    public Topic<String, Offense> offenses() {
        return offenses;
    }

    /** Ban decisions, keyed by IP or CIDR; every enforcer reads all of them. */
    public Topic<String, BanDecision> bans() {
        return bans;
    }

    /** Unban decisions, keyed by IP or CIDR. */
    public Topic<String, Unban> unbans() {
        return unbans;
    }

    /** The current ban set, compacted, keyed by {@link #activeBanKey}; a tombstone ends a ban. */
    public Topic<String, ActiveBan> activeBans() {
        return activeBans;
    }

    /** Operator commands, keyed by IP (same partition count as offenses, so they meet that IP's offenses). */
    public Topic<String, Command> commands() {
        return commands;
    }

    /**
     * Each enforcer's latest state (applied offsets, set sizes, ban-set digest, firewall health), compacted, keyed by
     * host id: what {@code fleetban client hosts} reports.
     */
    public Topic<String, EnforcerStatus> enforcerStatus() {
        return enforcerStatus;
    }

    /** Records that could not be decoded or processed, with their original bytes. */
    public Topic<byte[], byte[]> deadLetter() {
        return deadLetter;
    }

    /**
     * What the coordinator creates at start. Offenses, commands, active-bans, dead letters and statuses have
     * {@code topic.partitions} (a command keyed by an IP lands in the partition of that IP's offenses under the default
     * partitioner); bans and unbans have {@code decision.partitions}, as every enforcer reads all of theirs. active-bans
     * is compacted so that reading it from the beginning yields exactly the current ban set; enforcer-status is
     * compacted too, one record per host.
     */
    public List<NewTopic> newTopics() {
        final int partitions = settings.topicPartitions();
        final int decisions = settings.decisionPartitions();
        return List.of(
                newTopic(offenses.name(), partitions, Map.of()),
                newTopic(bans.name(), decisions, Map.of()),
                newTopic(unbans.name(), decisions, Map.of()),
                newTopic(
                        activeBans.name(),
                        partitions,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                newTopic(commands.name(), partitions, Map.of()),
                newTopic(deadLetter.name(), partitions, Map.of()),
                newTopic(
                        enforcerStatus.name(),
                        partitions,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /**
     * The active-bans key {@code <jail>/<ip>}. The jail comes first and may not contain '/', so the key splits at its
     * first '/' even when the IP is a CIDR prefix.
     */
    public static String activeBanKey(String jail, String ip) {
        if (jail == null || jail.isEmpty() || jail.indexOf('/') >= 0) {
            throw new IllegalArgumentException("jail name must be non-empty and without '/': " + jail);
        }
        if (ip == null || ip.isEmpty()) {
            throw new IllegalArgumentException("ip must be non-empty for jail " + jail);
        }
        return jail + "/" + ip;
    }

    private NewTopic newTopic(String name, int partitions, Map<String, String> configs) {
        final Map<String, String> all = new HashMap<>(configs);
        // With three or more replicas an acks=all write must reach two of them, so losing one broker loses no
        // decision; the broker default (1) would let a write live on a single copy.
        if (settings.topicReplicationFactor() >= 3) {
            all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
        return new NewTopic(name, partitions, settings.topicReplicationFactor()).configs(all);
    }

    private <V extends SpecificRecord> Topic<String, V> avroTopic(
            String suffix, Class<V> type, Optional<SchemaRegistryClient> registry) {
        return new Topic<>(name(suffix), Serdes.String(), new AvroSerde<>(type, registry));
    }

    private String name(String suffix) {
        return settings.topicPrefix() + suffix;
    }
}
