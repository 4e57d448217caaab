package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.fleetban.fail2ban.value.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How the topology runs, beyond the jails' own rules.
 *
 * @param expiryInterval how often bans are checked for expiry: the worst-case lateness of an unban, on top of the
 *                       commit interval
 * @param decisionCommitSpacing how long a decision waits, at least, after the end of the commit the previous one
 *                       asked for (see {@link DecisionCommits}; after a slower commit it waits as long as that
 *                       commit took)
 * @param maxClockSkew   how far in the future a log line's time may be before the offense is reported as
 *                       clock-skewed (it is counted at the coordinator's now either way, so it cannot stretch the
 *                       findtime window)
 * @param events         where decisions and uncounted records are reported (the coordinator's metrics)
 * @param banRule        which addresses and networks may be banned ({@code [bans]}): commands and offenses naming
 *                       any other are refused, counted and logged, as the client and the enforcers refuse them
 */
public record TopologyOptions(
        Duration expiryInterval,
        Duration decisionCommitSpacing,
        Duration maxClockSkew,
        DecisionEvents events,
        BanTargetRule banRule) {

    /** The [coordinator] section's defaults, reporting no events: for tests and tools. */
    public static final TopologyOptions DEFAULT = new TopologyOptions(
            Durations.parse(CoordinatorConfig.DEFAULT_EXPIRY_INTERVAL),
            Durations.parse(CoordinatorConfig.DEFAULT_DECISION_COMMIT_SPACING),
            Durations.parse(CoordinatorConfig.DEFAULT_MAX_CLOCK_SKEW),
            DecisionEvents.NONE);

    /** Options with the default {@code [bans]} limits. */
    public TopologyOptions(
            Duration expiryInterval, Duration decisionCommitSpacing, Duration maxClockSkew, DecisionEvents events) {
        this(expiryInterval, decisionCommitSpacing, maxClockSkew, events, new BanTargetRule(BanLimits.DEFAULT));
    }

    public TopologyOptions {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(banRule, "banRule");
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("expiry interval must be positive, was " + expiryInterval);
        }
        if (decisionCommitSpacing.toMillis() < 1) {
            // Kafka Streams punctuates at most once a millisecond.
            throw new IllegalArgumentException(
                    "decision commit spacing must be at least 1 ms, was " + decisionCommitSpacing);
        }
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must not be negative, was " + maxClockSkew);
        }
    }
}
