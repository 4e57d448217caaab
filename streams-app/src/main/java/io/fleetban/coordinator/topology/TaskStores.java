package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.state.ActiveBanEntry;
import io.fleetban.coordinator.state.BanHistory;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.coordinator.state.SafetyValveState;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The six stores of one task, fetched once by name. The offense and command processors of a task share them: both
 * are connected to the same stores, so they run in one task and never race.
 */
record TaskStores(
        KeyValueStore<String, OffenderState> offenders,
        KeyValueStore<ExpiryIndexKey, byte[]> expiryIndex,
        KeyValueStore<String, ActiveBanEntry> activeBans,
        KeyValueStore<String, JailTotals> jailTotals,
        KeyValueStore<String, BanHistory> banHistory,
        KeyValueStore<String, SafetyValveState> safetyValve) {

    static TaskStores of(ProcessorContext<?, ?> context) {
        return new TaskStores(
                context.getStateStore(BanTopology.OFFENDERS_STORE),
                context.getStateStore(BanTopology.EXPIRY_INDEX_STORE),
                context.getStateStore(BanTopology.ACTIVE_BANS_STORE),
                context.getStateStore(BanTopology.JAIL_TOTALS_STORE),
                context.getStateStore(BanTopology.BAN_HISTORY_STORE),
                context.getStateStore(BanTopology.SAFETY_VALVE_STORE));
    }
}
