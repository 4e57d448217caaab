package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Counts records a processor skips, reports them to the metrics and logs them without flooding: the first of each
 * processor at WARN, then every 1000th, so a broken shipper is visible but cannot fill the disk with log lines.
 */
final class SkipCounter {

    private static final long LOG_EVERY = 1000;

    private final Logger log;
    private final DecisionEvents events;
    private final LongAdder total = new LongAdder();

    SkipCounter(Logger log, DecisionEvents events) {
        this.log = log;
        this.events = events;
    }

    /** The rule of the jail a record names; empty, and the record counted as skipped, when no such jail runs. */
    Optional<JailRule> ruleOf(JailRules rules, String jail) {
        Optional<JailRule> rule = rules.find(jail);
        if (rule.isEmpty()) {
            skip(SkipReason.UNKNOWN_JAIL, jail);
        }
        return rule;
    }

    void skip(SkipReason why, Object what) {
        total.increment();
        events.skipped(why);
        long count = total.sum();
        if (count == 1 || count % LOG_EVERY == 0) {
            log.warn("skipped {}: {} ({} skipped so far)", why.description(), what, count);
        }
    }
}
