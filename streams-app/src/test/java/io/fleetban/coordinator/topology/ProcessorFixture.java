package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.state.ActiveBanEntrySerde;
import io.fleetban.coordinator.state.BanHistory;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderStateSerde;
import io.fleetban.coordinator.state.SafetyValveState;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link MockProcessorContext} holding the six stores of a coordinator task (the names and serdes
 * {@link BanTopology} gives them, in memory, without changelogs), for testing one processor or the ledger alone.
 */
final class ProcessorFixture {

    /** The expiry punctuation's interval in {@link #OPTIONS}; the commit spacing is 10 ms. */
    static final Duration EXPIRY_INTERVAL = Duration.ofSeconds(1);

    final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    final RecordingEvents events = new RecordingEvents();
    final TopologyOptions options =
            new TopologyOptions(EXPIRY_INTERVAL, Duration.ofMillis(10), Duration.ofMinutes(1), events);
    final TaskStores stores;

    ProcessorFixture(long nowMs) {
        context.setCurrentSystemTimeMs(nowMs);
        stores = new TaskStores(
                store(BanTopology.OFFENDERS_STORE, Serdes.String(), new OffenderStateSerde()),
                store(BanTopology.EXPIRY_INDEX_STORE, ExpiryIndexKey.serde(), Serdes.ByteArray()),
                store(BanTopology.ACTIVE_BANS_STORE, Serdes.String(), new ActiveBanEntrySerde()),
                store(BanTopology.JAIL_TOTALS_STORE, Serdes.String(), JailTotals.serde()),
                store(BanTopology.BAN_HISTORY_STORE, Serdes.String(), BanHistory.serde()),
                store(BanTopology.SAFETY_VALVE_STORE, Serdes.String(), SafetyValveState.serde()));
    }

    private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    void advanceTo(long nowMs) {
        context.setCurrentSystemTimeMs(nowMs);
    }

    /** The keys of the records forwarded to one sink, in order. */
    List<String> keysTo(String sink) {
        return forwardedTo(sink).map(f -> (String) f.record().key()).toList();
    }

    /** The values of the records forwarded to one sink, in order (null for a tombstone). */
    List<SpecificRecord> valuesTo(String sink) {
        return forwardedTo(sink).map(f -> (SpecificRecord) f.record().value()).toList();
    }

    private Stream<CapturedForward<? extends String, ? extends SpecificRecord>> forwardedTo(String sink) {
        return context.forwarded().stream()
                .filter(f -> sink.equals(f.childName().orElse(null)));
    }

    /** The wall-clock punctuator scheduled with this interval. */
    CapturedPunctuator wallClockPunctuator(Duration interval) {
        return context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME
                        && p.getInterval().equals(interval))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no wall-clock punctuator every " + interval));
    }
}
