package io.fleetban.coordinator.topology;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.Command;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.Offense;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.ActiveBanEntrySerde;
import io.fleetban.coordinator.state.BanHistory;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderStateSerde;
import io.fleetban.coordinator.state.SafetyValveState;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's topology: offenses and operator commands (both keyed by IP, co-partitioned) go into one
 * sub-topology whose processors share the per-(jail, IP) state; bans, unbans and active-bans come out.
 *
 * <pre>
 *   offenses -> offense-processor --+--> bans
 *   commands -> command-processor --+--> unbans
 *                 (offenders, expiry-index,  +--> active-bans (compacted; tombstone on unban)
 *                  active-bans, jail-totals, ban-history)
 * </pre>
 *
 * <p>With a jail's {@code fleet.escalate.*} on, a second sub-topology ({@link EscalationBranch}) reads the bans back
 * and sends network bans as commands.
 *
 * <p>Store and node names are constants: interactive queries find the stores by these names, and the changelog
 * topics are named after them, so renaming one loses state.
 */
public final class BanTopology {

    /** (jail, IP) -> {@link io.fleetban.coordinator.state.OffenderState}: counted offenses, current ban. */
    public static final String OFFENDERS_STORE = "offenders";
    /** (due time, jail/IP) -> nothing: what the expiry punctuator must revisit, in time order. */
    public static final String EXPIRY_INDEX_STORE = "expiry-index";
    /** jail/IP -> {@link io.fleetban.coordinator.state.ActiveBanEntry}: the bans this task holds. */
    public static final String ACTIVE_BANS_STORE = "active-bans";
    /** jail -> {@link JailTotals}: this task's share of fail2ban's status counters. */
    public static final String JAIL_TOTALS_STORE = "jail-totals";
    /**
     * jail/IP, or /IP over all jails -> {@link io.fleetban.coordinator.state.BanHistory}: ban counts for
     * {@code bantime.increment}, kept after the offender state is gone and forgotten through the expiry index.
     */
    public static final String BAN_HISTORY_STORE = "ban-history";
    /** (jail, network) -> {@link io.fleetban.coordinator.state.NetworkMembers}: prefix escalation's banned addresses. */
    public static final String NETWORK_MEMBERS_STORE = "network-members";
    /** Per jail: {@code fleet.maxbans.rate}'s count for the current period and whether automatic bans are stopped. */
    public static final String SAFETY_VALVE_STORE = "safety-valve";

    /** host id -> the enforcer's latest {@link io.fleetban.avro.EnforcerStatus}: a global store, on every instance. */
    public static final String ENFORCER_STATUS_STORE = "enforcer-status";
    /**
     * jail/IP -> {@link io.fleetban.avro.ActiveBan}, the whole active-bans topic: a global store, so any instance can
     * digest the fleet's ban set and compare it with each host's.
     */
    public static final String FLEET_ACTIVE_BANS_STORE = "fleet-active-bans";

    public static final String OFFENSES_SOURCE = "offenses-source";
    public static final String COMMANDS_SOURCE = "commands-source";
    public static final String OFFENSE_PROCESSOR = "offense-processor";
    public static final String COMMAND_PROCESSOR = "command-processor";
    static final String BANS_SINK = "bans-sink";
    static final String UNBANS_SINK = "unbans-sink";
    static final String ACTIVE_BANS_SINK = "active-bans-sink";

    private BanTopology() {}

    /** The topology with the default options, reporting no events. */
    public static Topology build(JailRules rules, Topics topics) {
        return build(rules, topics, TopologyOptions.DEFAULT);
    }

    public static Topology build(JailRules rules, Topics topics, TopologyOptions options) {
        StreamsBuilder builder = new StreamsBuilder();
        if (EscalationBranch.needed(rules)) {
            EscalationBranch.addTo(builder, rules, topics);
        }
        addFleetView(builder, topics);
        Topology topology = builder.build();
        Topic<String, Offense> offenses = topics.offenses();
        Topic<String, Command> commands = topics.commands();
        // Record timestamps are not used for counting (the log line's time is), so a bad one must not stop the app.
        // A new coordinator group starts at the earliest offset: offenses older than findtime are skipped anyway,
        // and commands issued before the first start still apply.
        topology.addSource(
                AutoOffsetReset.earliest(),
                OFFENSES_SOURCE,
                new UsePartitionTimeOnInvalidTimestamp(),
                offenses.keySerde().deserializer(),
                offenses.valueSerde().deserializer(),
                offenses.name());
        topology.addSource(
                AutoOffsetReset.earliest(),
                COMMANDS_SOURCE,
                new UsePartitionTimeOnInvalidTimestamp(),
                commands.keySerde().deserializer(),
                commands.valueSerde().deserializer(),
                commands.name());
        topology.addProcessor(OFFENSE_PROCESSOR, () -> new OffenseProcessor(rules, options), OFFENSES_SOURCE);
        topology.addProcessor(COMMAND_PROCESSOR, () -> new CommandProcessor(rules, options), COMMANDS_SOURCE);
        addStores(topology);
        topology.addSink(
                BANS_SINK,
                topics.bans().name(),
                topics.bans().keySerde().serializer(),
                topics.bans().valueSerde().serializer(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addSink(
                UNBANS_SINK,
                topics.unbans().name(),
                topics.unbans().keySerde().serializer(),
                topics.unbans().valueSerde().serializer(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addSink(
                ACTIVE_BANS_SINK,
                topics.activeBans().name(),
                topics.activeBans().keySerde().serializer(),
                topics.activeBans().valueSerde().serializer(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        return topology;
    }

    /**
     * Caching is off for the stores touched per offense (a decision must not wait for a cache flush, and the record
     * cache only adds copies here); it stays on for the jail totals, which change with every offense but are read
     * only by queries: the cache folds those updates into one write per commit.
     */
    private static void addStores(Topology topology) {
        topology.addStateStore(
                Stores.keyValueStoreBuilder(persistent(OFFENDERS_STORE), Serdes.String(), new OffenderStateSerde())
                        .withCachingDisabled(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(persistent(EXPIRY_INDEX_STORE), ExpiryIndexKey.serde(), Serdes.ByteArray())
                        .withCachingDisabled(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(persistent(ACTIVE_BANS_STORE), Serdes.String(), new ActiveBanEntrySerde())
                        .withCachingDisabled(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(persistent(JAIL_TOTALS_STORE), Serdes.String(), JailTotals.serde())
                        .withCachingEnabled(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(persistent(BAN_HISTORY_STORE), Serdes.String(), BanHistory.serde())
                        .withCachingDisabled(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(persistent(SAFETY_VALVE_STORE), Serdes.String(), SafetyValveState.serde())
                        .withCachingDisabled(),
                OFFENSE_PROCESSOR,
                COMMAND_PROCESSOR);
    }

    /**
     * What the enforcers report and the ban set they should hold, read whole by every instance (global tables are
     * restored from their topics, not changelogged): {@code GET /hosts} compares the two.
     */
    private static void addFleetView(StreamsBuilder builder, Topics topics) {
        Topic<String, EnforcerStatus> status = topics.enforcerStatus();
        builder.globalTable(
                status.name(),
                Consumed.with(status.keySerde(), status.valueSerde()),
                Materialized.<String, EnforcerStatus>as(Stores.persistentKeyValueStore(ENFORCER_STATUS_STORE))
                        .withKeySerde(status.keySerde())
                        .withValueSerde(status.valueSerde()));
        Topic<String, ActiveBan> activeBans = topics.activeBans();
        builder.globalTable(
                activeBans.name(),
                Consumed.with(activeBans.keySerde(), activeBans.valueSerde()),
                Materialized.<String, ActiveBan>as(Stores.persistentKeyValueStore(FLEET_ACTIVE_BANS_STORE))
                        .withKeySerde(activeBans.keySerde())
                        .withValueSerde(activeBans.valueSerde()));
    }

    private static KeyValueBytesStoreSupplier persistent(String name) {
        return Stores.persistentKeyValueStore(name);
    }
}
