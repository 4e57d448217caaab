package io.fleetban.enforcer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The enforcer's counters, named in one place (cs-firewall-bouncer's metricMap). Labels stay low-cardinality:
 * a refusal reason or a topic, never an IP. Thread-safe.
 */
public final class EnforcerMetrics {

    /** Decisions that changed the firewall (label: none). */
    public static final String DECISIONS_APPLIED = "fleetban_enforcer_decisions_applied_total";
    /** Decisions older than one already applied for the same jail and IP, ignored. */
    public static final String DECISIONS_STALE = "fleetban_enforcer_decisions_stale_total";
    /** Bans refused by the guard (label: reason). */
    public static final String BANS_REFUSED = "fleetban_enforcer_bans_refused_total";
    /** Records that did not deserialize, logged and skipped (label: topic). */
    public static final String RECORDS_UNDECODABLE = "fleetban_enforcer_records_undecodable_total";
    /** Successful firewall commits (batches). */
    public static final String COMMITS = "fleetban_enforcer_commits_total";
    /** Failed firewall commits or reconciles, retried with backoff. */
    public static final String COMMITS_FAILED = "fleetban_enforcer_commits_failed_total";
    /** Entries reconcile added or removed because the kernel had drifted from the ban list. */
    public static final String RECONCILE_REPAIRS = "fleetban_enforcer_reconcile_repairs_total";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        add(name, "", 1);
    }

    public void increment(String name, String label) {
        add(name, label, 1);
    }

    public void add(String name, String label, long amount) {
        counters.computeIfAbsent(key(name, label), k -> new LongAdder()).add(amount);
    }

    public long count(String name) {
        return count(name, "");
    }

    public long count(String name, String label) {
        final LongAdder counter = counters.get(key(name, label));
        return counter == null ? 0 : counter.sum();
    }

    /** Sum over all labels of {@code name}. */
    public long total(String name) {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToLong(e -> e.getValue().sum())
                .sum();
    }

    private static String key(String name, String label) {
        return label.isEmpty() ? name : name + "{" + label + "}";
    }
}
