package io.fleetban.fail2ban.jail;

import java.time.Duration;
import java.util.Objects;

/**
 * When a jail bans: {@code maxretry} failures within {@code findtime} ban the address for {@code bantime}.
 *
 * @param maxRetry number of failures that trigger a ban (fail2ban's {@code maxretry}, at least 1)
 * @param findTime sliding window in which failures are counted ({@code findtime}, positive)
 * @param banTime  how long a ban lasts ({@code bantime}); negative means permanent (fail2ban's {@code -1})
 * @param banTimeIncrement how a repeat offender's bans grow ({@code bantime.increment} and friends; off by default)
 * @param fleet            fleetban's fleet-wide rules ({@code fleet.*} keys; off by default)
 */
public record JailPolicy(
        int maxRetry, Duration findTime, Duration banTime, BanTimeIncrement banTimeIncrement, FleetPolicy fleet) {

    /** A policy without {@code bantime.increment} (fail2ban's default). */
    public JailPolicy(int maxRetry, Duration findTime, Duration banTime) {
        this(maxRetry, findTime, banTime, BanTimeIncrement.OFF);
    }

    /** A policy without fleet-specific rules (fail2ban's semantics). */
    public JailPolicy(int maxRetry, Duration findTime, Duration banTime, BanTimeIncrement banTimeIncrement) {
        this(maxRetry, findTime, banTime, banTimeIncrement, FleetPolicy.OFF);
    }

    /** Validates the record. */
    public JailPolicy {
        Objects.requireNonNull(findTime, "findTime");
        Objects.requireNonNull(banTime, "banTime");
        Objects.requireNonNull(banTimeIncrement, "banTimeIncrement");
        Objects.requireNonNull(fleet, "fleet");
        if (maxRetry < 1) {
            throw new IllegalArgumentException("maxretry must be at least 1, was " + maxRetry);
        }
        if (findTime.isNegative() || findTime.isZero()) {
            throw new IllegalArgumentException("findtime must be positive, was " + findTime);
        }
        if (banTime.isZero()) {
            throw new IllegalArgumentException("bantime must not be zero (use a positive time, or -1 for permanent)");
        }
        if (fleet.minHosts() > maxRetry) {
            // Only the newest maxretry failures are counted: more distinct hosts than that can never be seen.
            throw new IllegalArgumentException(
                    "fleet.minhosts (" + fleet.minHosts() + ") must not exceed maxretry (" + maxRetry + ")");
        }
    }

    /** True when bans never expire (fail2ban's {@code bantime = -1}). */
    public boolean isPermanent() {
        return banTime.isNegative();
    }
}
