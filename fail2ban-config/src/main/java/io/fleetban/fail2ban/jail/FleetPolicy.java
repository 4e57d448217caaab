package io.fleetban.fail2ban.jail;

import java.util.OptionalInt;

/**
 * fleetban's fleet-wide counting rules, which no single-host fail2ban has. Read from fleetban-specific jail keys
 * ({@code fleet.*}, in the jail or [DEFAULT] section; fail2ban itself ignores unknown keys). Every rule is off by
 * default, so a jail without {@code fleet.*} keys bans exactly as fail2ban does: {@code maxretry} failures within
 * {@code findtime}, whichever hosts reported them.
 *
 * <p>Keys:
 * <ul>
 *   <li>{@code fleet.minhosts} (integer 1..maxretry, default 1): a fleet ban needs the counted failures (the newest
 *       {@code maxretry} within findtime) to come from at least this many distinct hosts, so one host with a noisy or
 *       misconfigured log cannot ban an address for the whole fleet alone;</li>
 *   <li>{@code fleet.maxretry.perhost} (positive integer, default off): a second, per-host threshold next to the
 *       fleet one: an address is also banned when any single host reported at least this many failures within
 *       findtime, even when the fleet rule (maxretry, minhosts) is not met. This is what fail2ban on that host
 *       alone would do with {@code maxretry = N}; it keeps {@code fleet.minhosts} from sparing an attacker who
 *       hammers one host.</li>
 * </ul>
 *
 * @param minHosts        {@code fleet.minhosts}
 * @param maxRetryPerHost {@code fleet.maxretry.perhost}; empty = off
 */
public record FleetPolicy(int minHosts, OptionalInt maxRetryPerHost) {

    /** fail2ban's semantics: no fleet-specific rule. */
    public static final FleetPolicy OFF = new FleetPolicy(1, OptionalInt.empty());

    /** Validates the record (the relation to maxretry is checked by {@link JailPolicy}). */
    public FleetPolicy {
        if (minHosts < 1) {
            throw new IllegalArgumentException("fleet.minhosts must be at least 1, was " + minHosts);
        }
        if (maxRetryPerHost.isPresent() && maxRetryPerHost.getAsInt() < 1) {
            throw new IllegalArgumentException("fleet.maxretry.perhost must be at least 1, was "
                    + maxRetryPerHost.getAsInt());
        }
    }

    /**
     * How many of the newest failures within findtime the coordinator must keep to apply both thresholds:
     * {@code maxretry}, or the per-host threshold when that is larger.
     */
    public int offensesToKeep(int maxRetry) {
        return Math.max(maxRetry, maxRetryPerHost.orElse(0));
    }
}
