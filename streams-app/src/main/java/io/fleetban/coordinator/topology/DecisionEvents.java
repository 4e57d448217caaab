package io.fleetban.coordinator.topology;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.UnbanReason;
import io.fleetban.fail2ban.value.BanTargetRule;

/**
 * What the topology tells operators besides its records: decisions by jail, source and reason, and the records it
 * did not count. Implemented by the coordinator's metrics; every method is called on a stream thread and must be
 * cheap. Under exactly-once a task that replays after an aborted transaction reports again: these are counts of
 * processing, the committed topics are the record of truth.
 */
public interface DecisionEvents {

    /** Reports nothing: for tests and tools that only want the records. */
    DecisionEvents NONE = new DecisionEvents() {};

    /** A ban was decided. */
    default void banned(String jail, BanSource source) {}

    /** A ban ended. */
    default void unbanned(String jail, UnbanReason reason) {}

    /** A record was skipped (no value, unknown jail, invalid IP, unknown action). */
    default void skipped(SkipReason reason) {}

    /** An offense was not counted by fail2ban's rules (too old, duplicate, ignoreip). */
    default void notCounted(String jail, NotCounted why) {}

    /**
     * An offense stamped further in the future than the allowed clock skew: counted at the coordinator's now, and
     * reported because a host's clock (or its log's time zone) is wrong.
     */
    default void clockSkewed(String jail, String hostId, long aheadMillis) {}

    /**
     * A command or an offense named an address or network that is never banned ({@link BanTargetRule}): 0.0.0.0,
     * loopback, a network wider than {@code [bans] max.prefix.*}, ...
     */
    default void refused(RefusedRecord record, BanTargetRule.Reason reason) {}

    /** A jail's safety valve stopped its automatic bans in one task. */
    default void safetyValveTripped(String jail) {}

    /** What kind of record named a target that is never banned. */
    enum RefusedRecord {
        COMMAND,
        OFFENSE
    }

    /** Why an offense was read but not counted. */
    enum NotCounted {
        /** Older than findtime by the time in its log line (fail2ban: "Ignore line since time ... < now - findtime"). */
        TOO_OLD,
        /** Its offense id was counted already: a shipper resent it after a crash. */
        DUPLICATE,
        /** Its address is in the jail's ignoreip. */
        IGNORED_IP
    }
}
