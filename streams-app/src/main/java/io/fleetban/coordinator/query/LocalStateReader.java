package io.fleetban.coordinator.query;

import io.fleetban.coordinator.state.ActiveBanEntry;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.coordinator.state.SafetyValveState;
import io.fleetban.coordinator.topology.BanTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers from this instance's own stores (all its active tasks together). Each task keeps its own row per jail
 * in the totals store, so totals are summed over the rows a range scan returns, never read with a single get.
 */
public final class LocalStateReader {

    private final KafkaStreams streams;
    private final OffenseLineReader lines;

    public LocalStateReader(KafkaStreams streams, OffenseLineReader lines) {
        this.streams = streams;
        this.lines = lines;
    }

    /** This instance's share of a jail's status. */
    public JailStatus status(String jail) {
        JailTotals totals = JailTotals.ZERO;
        ReadOnlyKeyValueStore<String, JailTotals> totalsStore = store(BanTopology.JAIL_TOTALS_STORE);
        try (KeyValueIterator<String, JailTotals> rows = totalsStore.range(jail, jail)) {
            while (rows.hasNext()) {
                totals = totals.plus(rows.next().value);
            }
        }
        List<String> banned = new ArrayList<>();
        ReadOnlyKeyValueStore<String, ActiveBanEntry> bans = store(BanTopology.ACTIVE_BANS_STORE);
        try (KeyValueIterator<String, ActiveBanEntry> rows =
                bans.prefixScan(OffenderKey.jailPrefix(jail), new StringSerializer())) {
            rows.forEachRemaining(row -> banned.add(row.value.ip()));
        }
        return new JailStatus(
                jail,
                totals.currentlyFailed(),
                totals.totalFailed(),
                banned.size(),
                totals.totalBanned(),
                banned,
                trippedValves(jail));
    }

    /** In how many of this instance's tasks the jail's safety valve has stopped automatic banning. */
    public int trippedValves(String jail) {
        int tripped = 0;
        ReadOnlyKeyValueStore<String, SafetyValveState> valves = store(BanTopology.SAFETY_VALVE_STORE);
        // Each task keeps its own row for the jail: a range over the one key visits every local task's store.
        try (KeyValueIterator<String, SafetyValveState> rows = valves.range(jail, jail)) {
            while (rows.hasNext()) {
                tripped += rows.next().value.tripped() ? 1 : 0;
            }
        }
        return tripped;
    }

    /** This instance's active bans. */
    public List<BanView> bans() {
        List<BanView> views = new ArrayList<>();
        ReadOnlyKeyValueStore<String, ActiveBanEntry> bans = store(BanTopology.ACTIVE_BANS_STORE);
        try (KeyValueIterator<String, ActiveBanEntry> rows = bans.all()) {
            while (rows.hasNext()) {
                KeyValue<String, ActiveBanEntry> row = rows.next();
                views.add(view(row.value));
            }
        }
        return views;
    }

    /** One IP's state in one jail, read from the store of the partition that holds it. */
    public OffenderView offender(String jail, String ip, int partition) {
        String key = OffenderKey.of(jail, ip);
        OffenderState state = this.<OffenderState>store(BanTopology.OFFENDERS_STORE, partition)
                .get(key);
        if (state == null) {
            return OffenderView.unknown(jail, ip);
        }
        List<Long> offsets = new ArrayList<>(state.failures());
        for (int i = 0; i < state.failures(); i++) {
            offsets.add(state.offset(i));
        }
        // The offenses topic is co-partitioned with the state: this partition holds the key's offenses.
        Map<Long, String> matched = offsets.isEmpty() ? Map.of() : lines.lines(partition, offsets);
        List<OffenderView.CountedOffense> offenses = new ArrayList<>(state.failures());
        for (int i = 0; i < state.failures(); i++) {
            offenses.add(
                    new OffenderView.CountedOffense(state.eventTime(i), state.host(i), matched.get(offsets.get(i))));
        }
        ActiveBanEntry ban = state.isBanned()
                ? this.<ActiveBanEntry>store(BanTopology.ACTIVE_BANS_STORE, partition)
                        .get(key)
                : null;
        if (ban == null) {
            return new OffenderView(jail, ip, offenses, false, null, null, null, null, List.of(), state.banCount());
        }
        return new OffenderView(
                jail,
                ip,
                offenses,
                true,
                ban.bannedAt(),
                ban.isPermanent() ? null : ban.expiresAt(),
                ban.source(),
                ban.reason(),
                ban.hosts(),
                ban.banCount());
    }

    /** {@link #trippedValves}, or 0 while the state is not queryable (restoring, rebalancing): for the metrics. */
    public int trippedValvesOrZero(String jail) {
        try {
            return trippedValves(jail);
        } catch (QueryUnavailableException e) {
            return 0;
        }
    }

    private static BanView view(ActiveBanEntry ban) {
        Long expiresAt = ban.expiresAt() == OffenderState.PERMANENT ? null : ban.expiresAt();
        return new BanView(ban.jail(), ban.ip(), ban.bannedAt(), expiresAt, ban.source(), ban.reason());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(
            StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters) {
        String name = parameters.storeName();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new QueryUnavailableException("coordinator is " + streams.state() + ", state not queryable", null);
        }
        try {
            return streams.store(parameters);
        } catch (InvalidStateStoreException e) {
            throw new QueryUnavailableException("store " + name + " not queryable: " + e.getMessage(), e);
        }
    }
}
