package io.fleetban.enforcer;

import io.fleetban.enforcer.backend.DriftCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The enforcer's metrics, named in one place (cs-firewall-bouncer's metricMap), kept in a Micrometer registry.
 * Labels stay low-cardinality: a refusal reason, a topic, a jail and family, never an IP. Prometheus shows the
 * dotted names with {@code _} and counters with {@code _total}. Thread-safe.
 */
public final class EnforcerMetrics {

    /** Decisions that changed the firewall (no label). */
    public static final String DECISIONS_APPLIED = "fleetban.enforcer.decisions.applied";
    /** Decisions older than one already applied for the same jail and IP, ignored. */
    public static final String DECISIONS_STALE = "fleetban.enforcer.decisions.stale";
    /** Bans refused by the guard (label: reason). */
    public static final String BANS_REFUSED = "fleetban.enforcer.bans.refused";
    /** Records that did not deserialize, logged and skipped (label: topic). */
    public static final String RECORDS_UNDECODABLE = "fleetban.enforcer.records.undecodable";
    /** Successful firewall commits (batches). */
    public static final String COMMITS = "fleetban.enforcer.commits";
    /** Failed firewall commits or reconciles, retried with backoff. */
    public static final String COMMITS_FAILED = "fleetban.enforcer.commits.failed";
    /** Entries reconcile added or removed because the kernel had drifted from the ban list. */
    public static final String RECONCILE_REPAIRS = "fleetban.enforcer.reconcile.repairs";
    /** Parts of the firewall put back after another tool removed them (label what: jump, chain, rules, set, entries, table). */
    public static final String FIREWALL_REPAIRS = "fleetban.enforcer.firewall.repairs";
    /** Time from the coordinator's decision to the firewall commit that applied it (the fleet's ban latency). */
    public static final String APPLY_LATENCY = "fleetban.enforcer.apply.latency";
    /** Statuses the producer could not publish to enforcer-status (no metadata, brokers away), dropped. */
    public static final String STATUS_DROPPED = "fleetban.enforcer.status.dropped";
    /** Bans held per set (labels: jail, family), the size of each ipset / nft set. */
    public static final String BANS_ACTIVE = "fleetban.enforcer.bans.active";

    /** The one label of each labelled counter. */
    private static final Map<String, String> LABEL_KEYS =
            Map.of(BANS_REFUSED, "reason", RECORDS_UNDECODABLE, "topic", FIREWALL_REPAIRS, "what");

    private final MeterRegistry registry;
    private final Timer applyLatency;
    private final Map<String, AtomicInteger> setSizes = new ConcurrentHashMap<>();

    /** Metrics kept in memory only (tests, the benchmark). */
    public EnforcerMetrics() {
        this(new SimpleMeterRegistry());
    }

    public EnforcerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.applyLatency = Timer.builder(APPLY_LATENCY)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        // Each part's repair counter, and the dropped statuses, exist from the start, at 0: Prometheus' increase()
        // cannot see the first repair of a series that appears already at 1, and the drift alert must.
        for (DriftCheck.Part part : DriftCheck.Part.values()) {
            registry.counter(FIREWALL_REPAIRS, tags(FIREWALL_REPAIRS, part.label()));
        }
        registry.counter(STATUS_DROPPED);
    }

    public void increment(String name) {
        add(name, "", 1);
    }

    public void increment(String name, String label) {
        add(name, label, 1);
    }

    public void add(String name, String label, long amount) {
        registry.counter(name, tags(name, label)).increment(amount);
    }

    /** One decision reached the firewall {@code latency} after the coordinator decided it. */
    public void applied(Duration latency) {
        applyLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** Sets the size of each set, keyed {@code <jail>/<family>} as the ban banList counts them. */
    public void setSizes(Map<String, Integer> sizeBySet) {
        sizeBySet.forEach((set, size) ->
                setSizes.computeIfAbsent(set, this::registerSetSize).set(size));
    }

    private AtomicInteger registerSetSize(String set) {
        final int slash = set.lastIndexOf('/');
        final AtomicInteger size = new AtomicInteger();
        Gauge.builder(BANS_ACTIVE, size, AtomicInteger::get)
                .tags("jail", set.substring(0, slash), "family", set.substring(slash + 1))
                .register(registry);
        return size;
    }

    public long count(String name) {
        return count(name, "");
    }

    public long count(String name, String label) {
        final Counter counter = registry.find(name).tags(tags(name, label)).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** Sum over all labels of {@code name}. */
    public long total(String name) {
        return (long) registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Decisions whose apply latency was recorded. */
    public long appliedLatencyCount() {
        return applyLatency.count();
    }

    private static Tags tags(String name, String label) {
        final String key = LABEL_KEYS.get(name);
        return key == null || label.isEmpty() ? Tags.empty() : Tags.of(key, label);
    }
}
