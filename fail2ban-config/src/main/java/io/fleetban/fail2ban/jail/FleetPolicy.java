package io.fleetban.fail2ban.jail;

import java.util.Objects;
import java.util.Optional;
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
 *   <li>{@code fleet.ipv6.prefix} (integer {@value #MIN_IPV6_PREFIX}..128, default 128 = off, as fail2ban): IPv6
 *       offenders are counted and banned by their /N network, since one host usually owns a whole /64 and can hop
 *       through it faster than a per-address count grows. Bounded below so one failure count can never ban a
 *       provider's whole allocation. Offenses stay keyed by the single address the shipper saw, but every fleetban
 *       producer partitions IPv6 keys by their /48 ({@code OffenderPartitioner}), so a network's offenses and an
 *       operator's command for it meet in one coordinator task whatever the partition count.</li>
 *   <li>{@code fleet.maxbans.rate} ({@code N/period}, e.g. {@code 100/1m}; default off): the safety valve. When a
 *       jail's automatic bans exceed N within one period (a broken filter that matches every line), the coordinator
 *       stops automatic banning for that jail and logs it once at ERROR; manual commands keep working. An operator
 *       resumes it with {@code fleetban client resume JAIL} (or {@code unbanip --all JAIL}, which also lifts the
 *       storm's bans). Counted per
 *       coordinator task (partition): a filter that matches everything trips it in every task.</li>
 *   <li>{@code fleet.escalate.*} (default off): from many banned addresses in one network to a ban of the network,
 *       see {@link PrefixEscalation}.</li>
 * </ul>
 *
 * @param minHosts          {@code fleet.minhosts}
 * @param maxRetryPerHost   {@code fleet.maxretry.perhost}; empty = off
 * @param ipv6PrefixLength  {@code fleet.ipv6.prefix}; 128 = every address on its own
 * @param maxBansRate       {@code fleet.maxbans.rate}; empty = off
 * @param escalation        {@code fleet.escalate.*}; empty = off
 */
public record FleetPolicy(int minHosts, OptionalInt maxRetryPerHost, int ipv6PrefixLength,
                          Optional<BanRate> maxBansRate, Optional<PrefixEscalation> escalation) {

    /** The shortest {@code fleet.ipv6.prefix} accepted: a site (/48), never a provider's allocation. */
    public static final int MIN_IPV6_PREFIX = 48;

    /** fail2ban's semantics: no fleet-specific rule. */
    public static final FleetPolicy OFF = new FleetPolicy(1, OptionalInt.empty(), 128, Optional.empty());

    /** A policy without prefix escalation. */
    public FleetPolicy(int minHosts, OptionalInt maxRetryPerHost, int ipv6PrefixLength,
                       Optional<BanRate> maxBansRate) {
        this(minHosts, maxRetryPerHost, ipv6PrefixLength, maxBansRate, Optional.empty());
    }

    /** Validates the record (the relation to maxretry is checked by {@link JailPolicy}). */
    public FleetPolicy {
        Objects.requireNonNull(maxBansRate, "maxBansRate");
        Objects.requireNonNull(escalation, "escalation");
        if (minHosts < 1) {
            throw new IllegalArgumentException("fleet.minhosts must be at least 1, was " + minHosts);
        }
        if (maxRetryPerHost.isPresent() && maxRetryPerHost.getAsInt() < 1) {
            throw new IllegalArgumentException("fleet.maxretry.perhost must be at least 1, was "
                    + maxRetryPerHost.getAsInt());
        }
        if (ipv6PrefixLength < MIN_IPV6_PREFIX || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("fleet.ipv6.prefix must be " + MIN_IPV6_PREFIX + "..128, was "
                    + ipv6PrefixLength);
        }
    }

    /** True when IPv6 offenders are counted by a network shorter than /128. */
    public boolean groupsIpv6() {
        return ipv6PrefixLength < 128;
    }

    /**
     * How many of the newest failures within findtime the coordinator must keep to apply both thresholds:
     * {@code maxretry}, or the per-host threshold when that is larger.
     */
    public int offensesToKeep(int maxRetry) {
        return Math.max(maxRetry, maxRetryPerHost.orElse(0));
    }
}
