package io.fleetban.fail2ban.jail;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.ValueType;
import io.fleetban.fail2ban.value.Durations;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * fleetban's fleet-wide counting rules, which no single-host fail2ban has. Read from fleetban-specific jail keys
 * ({@code fleet.*}, in the jail or [DEFAULT] section; fail2ban itself ignores unknown keys). Every rule is off by
 * default, so a jail without {@code fleet.*} keys bans exactly as fail2ban does: {@code maxretry} failures within
 * {@code findtime}, whichever hosts reported them.
 *
 * <p>The keys, with their types, defaults and docs, are {@link #DEFINITION}.
 *
 * @param minHosts          {@code fleet.minhosts}
 * @param maxRetryPerHost   {@code fleet.maxretry.perhost}; empty = off
 * @param ipv6PrefixLength  {@code fleet.ipv6.prefix}; 128 = every address on its own
 * @param maxBansRate       {@code fleet.maxbans.rate}; empty = off
 * @param escalation        {@code fleet.escalate.*}; empty = off
 */
public record FleetPolicy(
        int minHosts,
        OptionalInt maxRetryPerHost,
        int ipv6PrefixLength,
        Optional<BanRate> maxBansRate,
        Optional<PrefixEscalation> escalation) {

    /** The shortest {@code fleet.ipv6.prefix} accepted: a site (/48), never a provider's allocation. */
    public static final int MIN_IPV6_PREFIX = 48;

    public static final String MIN_HOSTS = "fleet.minhosts";
    public static final String MAX_RETRY_PER_HOST = "fleet.maxretry.perhost";
    public static final String IPV6_PREFIX = "fleet.ipv6.prefix";
    public static final String MAX_BANS_RATE = "fleet.maxbans.rate";
    public static final String ESCALATE_AFTER = "fleet.escalate.after";
    public static final String ESCALATE_IPV4_PREFIX = "fleet.escalate.ipv4.prefix";
    public static final String ESCALATE_IPV6_PREFIX = "fleet.escalate.ipv6.prefix";
    public static final String ESCALATE_BANTIME = "fleet.escalate.bantime";

    /**
     * fleetban's own keys of a jail (in the jail's section or [DEFAULT]; fail2ban ignores keys it does not know),
     * read by the jail reader after fail2ban's interpolation. Every rule is off by default.
     */
    public static final ConfigDef DEFINITION = ConfigDef.section("<jail>")
            .define(
                    MIN_HOSTS,
                    positive(1, Integer.MAX_VALUE, ""),
                    Default.of("1"),
                    "a fleet ban needs the counted"
                            + " failures (the newest `maxretry` within findtime) to come from at least this many distinct"
                            + " hosts (1..maxretry), so one host with a noisy or misconfigured log cannot ban an address for"
                            + " the whole fleet alone")
            .define(
                    MAX_RETRY_PER_HOST,
                    positive(1, Integer.MAX_VALUE, ""),
                    Default.none("off"),
                    "one host's N"
                            + " failures within findtime ban even below the fleet threshold, as fail2ban on that host alone"
                            + " would; it keeps `fleet.minhosts` from sparing an attacker who hammers one host")
            .define(
                    IPV6_PREFIX,
                    positive(MIN_IPV6_PREFIX, 128, "a prefix length "),
                    Default.of("128"),
                    "count and"
                            + " ban IPv6 by network (48..128; 128 = each address, as fail2ban). Offenses stay keyed by address,"
                            + " but fleetban's producers partition IPv6 keys by their /48, so one network's offenses meet in"
                            + " one coordinator task")
            .define(
                    MAX_BANS_RATE,
                    ValueType.of("N/period", BanRate::parse),
                    Default.none("off"),
                    "the safety valve,"
                            + " e.g. `100/1m`: above that rate the jail's automatic bans stop (manual ones still work), `status`"
                            + " and the metric `fleetban_coordinator_safety_valve_tripped{jail}` say so, and an operator runs"
                            + " `fleetban client resume JAIL` (or `unbanip --all JAIL`, which also lifts the storm's bans)")
            .define(
                    ESCALATE_AFTER,
                    positive(PrefixEscalation.MIN_AFTER, PrefixEscalation.MAX_AFTER, ""),
                    Default.none("off"),
                    "when this many addresses of one network are banned at once by the jail's"
                            + " rule (2..256), the network is banned (source `ESCALATION`), never over an `ignoreip` address,"
                            + " once at a time; `unbanip JAIL 203.0.113.0/24` lifts it")
            .define(
                    ESCALATE_IPV4_PREFIX,
                    positive(PrefixEscalation.MIN_IPV4_PREFIX, 31, ""),
                    Default.of(Integer.toString(PrefixEscalation.DEFAULT_IPV4_PREFIX)),
                    "the IPv4 network escalated"
                            + " to (16..31); wider than `[bans] max.prefix.v4` is refused at the coordinator's start")
            .define(
                    ESCALATE_IPV6_PREFIX,
                    positive(PrefixEscalation.MIN_IPV6_PREFIX, 127, ""),
                    Default.of(Integer.toString(PrefixEscalation.DEFAULT_IPV6_PREFIX)),
                    "the IPv6 network escalated"
                            + " to (32..127); wider than `[bans] max.prefix.v6` is refused at the coordinator's start")
            .define(
                    ESCALATE_BANTIME,
                    ValueType.of("duration", Durations::parse),
                    Default.none("the jail's" + " `bantime`"),
                    "how long an escalated network stays banned");

    /** fail2ban's semantics: no fleet-specific rule. */
    public static final FleetPolicy OFF = new FleetPolicy(1, OptionalInt.empty(), 128, Optional.empty());

    /** A policy without prefix escalation. */
    public FleetPolicy(int minHosts, OptionalInt maxRetryPerHost, int ipv6PrefixLength, Optional<BanRate> maxBansRate) {
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
            throw new IllegalArgumentException(
                    "fleet.maxretry.perhost must be at least 1, was " + maxRetryPerHost.getAsInt());
        }
        if (ipv6PrefixLength < MIN_IPV6_PREFIX || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException(
                    "fleet.ipv6.prefix must be " + MIN_IPV6_PREFIX + "..128, was " + ipv6PrefixLength);
        }
    }

    /** A whole number of at least 1, then within {@code min..max}, in the words fail2ban users know. */
    private static ValueType<Integer> positive(int min, int max, String what) {
        return ValueType.of("integer " + min + ".." + max, text -> {
            final int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a positive integer, found '" + text + "'", e);
            }
            if (value < 1) {
                throw new IllegalArgumentException("expected a positive integer, found '" + text + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected " + what + min + ".." + max + ", found " + value);
            }
            return value;
        });
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
