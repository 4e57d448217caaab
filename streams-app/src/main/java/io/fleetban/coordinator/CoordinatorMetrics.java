package io.fleetban.coordinator;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.topology.DecisionEvents;
import io.fleetban.coordinator.topology.SkipReason;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The coordinator's metric names, in one place, and their binding. fleetban's own: decisions by jail and source or
 * reason, records skipped and offenses not counted by reason, clock-skewed offenses, safety valves. Kafka Streams'
 * own per-topic, lag, commit and thread metrics follow through Micrometer's {@link KafkaStreamsMetrics}
 * ({@code kafka_stream_topic_records_consumed_total{topic="fleetban.offenses"}}). Labels stay low-cardinality
 * (jail, source, reason): never an IP or a host, which are in the log lines instead.
 */
public final class CoordinatorMetrics implements DecisionEvents, AutoCloseable {

    /** Records that did not deserialize, copied to the dead-letter topic and skipped. */
    public static final String RECORDS_DEAD_LETTERED = "fleetban.coordinator.records.dead.lettered";
    /** Bans decided, by jail and source (auto, manual, escalation). */
    public static final String BANS = "fleetban.coordinator.bans";
    /** Bans ended, by jail and reason (expired, manual). */
    public static final String UNBANS = "fleetban.coordinator.unbans";
    /** Records skipped as bad input, by reason. */
    public static final String RECORDS_SKIPPED = "fleetban.coordinator.records.skipped";
    /** Offenses read but not counted, by jail and reason (too-old, duplicate, ignored-ip). */
    public static final String OFFENSES_NOT_COUNTED = "fleetban.coordinator.offenses.not.counted";
    /** Offenses stamped further ahead than max.clock.skew, by jail: counted as now, a host's clock is wrong. */
    public static final String OFFENSES_CLOCK_SKEWED = "fleetban.coordinator.offenses.clock.skewed";
    /**
     * Commands and offenses refused because they name an address or network that is never banned, by record
     * (command, offense) and reason (unspecified, loopback, prefix-too-wide, host-bits-set, ...).
     */
    public static final String BAN_TARGETS_REFUSED = "fleetban.coordinator.ban.targets.refused";
    /** Times a jail's safety valve stopped automatic bans in a task. */
    public static final String SAFETY_VALVE_TRIPS = "fleetban.coordinator.safety.valve.trips";
    /** This instance's tasks in which a jail's automatic bans are stopped now (0 = banning runs). */
    public static final String SAFETY_VALVE_TRIPPED = "fleetban.coordinator.safety.valve.tripped";

    private final MeterRegistry registry;
    private KafkaStreamsMetrics streamsMetrics;

    private CoordinatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers fleetban's own meters; Streams' metrics follow with {@link #bindStreamsMetrics(KafkaStreams)}. */
    public static CoordinatorMetrics bind(MeterRegistry registry, LongAdder deadLettered) {
        FunctionCounter.builder(RECORDS_DEAD_LETTERED, deadLettered, LongAdder::sum)
                .register(registry);
        return new CoordinatorMetrics(registry);
    }

    /**
     * A gauge of the tasks whose safety valve is tripped, for each jail that has one, read from the local stores
     * at scrape time (so it follows tasks across rebalances).
     */
    public void bindSafetyValves(JailRules jails, ToIntFunction<String> trippedTasks) {
        for (JailRule rule : jails.all()) {
            if (rule.policy().fleet().maxBansRate().isPresent()) {
                Gauge.builder(SAFETY_VALVE_TRIPPED, () -> trippedTasks.applyAsInt(rule.name()))
                        .tag("jail", rule.name())
                        .register(registry);
            }
        }
    }

    /**
     * Binds Kafka Streams' metrics, once. Called when Streams first reaches RUNNING: the per-topic metrics exist
     * only once tasks are assigned, and the binder looks for new Kafka metrics only every minute after binding.
     */
    public synchronized void bindStreamsMetrics(KafkaStreams streams) {
        if (streamsMetrics == null) {
            streamsMetrics = new KafkaStreamsMetrics(streams);
            streamsMetrics.bindTo(registry);
        }
    }

    @Override
    public void banned(String jail, BanSource source) {
        registry.counter(BANS, "jail", jail, "source", label(source)).increment();
    }

    @Override
    public void unbanned(String jail, UnbanReason reason) {
        registry.counter(UNBANS, "jail", jail, "reason", label(reason)).increment();
    }

    @Override
    public void skipped(SkipReason reason) {
        registry.counter(RECORDS_SKIPPED, "reason", label(reason)).increment();
    }

    @Override
    public void notCounted(String jail, NotCounted why) {
        registry.counter(OFFENSES_NOT_COUNTED, "jail", jail, "reason", label(why))
                .increment();
    }

    @Override
    public void clockSkewed(String jail, String hostId, long aheadMillis) {
        registry.counter(OFFENSES_CLOCK_SKEWED, "jail", jail).increment();
    }

    @Override
    public void refused(RefusedRecord record, BanTargetRule.Reason reason) {
        registry.counter(BAN_TARGETS_REFUSED, "record", label(record), "reason", reason.label())
                .increment();
    }

    @Override
    public void safetyValveTripped(String jail) {
        registry.counter(SAFETY_VALVE_TRIPS, "jail", jail).increment();
    }

    /** Every label value of an enum, the same way: {@code IGNORED_IP} -> {@code ignored-ip}. */
    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
    }
}
