package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.value.IpRange;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code fleet.escalate.*}: when {@code after} addresses of one network are banned at the same time by a jail's
 * automatic rule, the coordinator bans the whole network (a botnet or a provider that hands its customers a new
 * address per attempt). Off by default; bounded so it can never ban more than a /16 (IPv4) or a /32 (IPv6), never a
 * network that holds one of the jail's ignoreip addresses, and at most one ban per network at a time.
 *
 * <ul>
 *   <li>{@code fleet.escalate.after} ({@value #MIN_AFTER}..{@value #MAX_AFTER}): banned addresses that escalate;</li>
 *   <li>{@code fleet.escalate.ipv4.prefix} ({@value #MIN_IPV4_PREFIX}..31, default {@value #DEFAULT_IPV4_PREFIX}) and
 *       {@code fleet.escalate.ipv6.prefix} ({@value #MIN_IPV6_PREFIX}..127, default {@value #DEFAULT_IPV6_PREFIX}):
 *       the network counted and banned;</li>
 *   <li>{@code fleet.escalate.bantime} (fail2ban time, -1 permanent; default the jail's bantime).</li>
 * </ul>
 *
 * @param after      how many banned addresses of one network escalate to a network ban
 * @param ipv4Prefix the IPv4 network's prefix length
 * @param ipv6Prefix the IPv6 network's prefix length
 * @param banTime    the network ban's length; empty = the jail's bantime; negative = permanent
 */
public record PrefixEscalation(int after, int ipv4Prefix, int ipv6Prefix, Optional<Duration> banTime) {

    public static final int MIN_AFTER = 2;
    public static final int MAX_AFTER = 256;
    public static final int MIN_IPV4_PREFIX = 16;
    public static final int MIN_IPV6_PREFIX = 32;
    public static final int DEFAULT_IPV4_PREFIX = 24;
    public static final int DEFAULT_IPV6_PREFIX = 64;

    public PrefixEscalation {
        Objects.requireNonNull(banTime, "banTime");
        if (after < MIN_AFTER || after > MAX_AFTER) {
            throw new IllegalArgumentException(
                    "fleet.escalate.after must be " + MIN_AFTER + ".." + MAX_AFTER + ", was " + after);
        }
        if (ipv4Prefix < MIN_IPV4_PREFIX || ipv4Prefix > 31) {
            throw new IllegalArgumentException(
                    "fleet.escalate.ipv4.prefix must be " + MIN_IPV4_PREFIX + "..31, was " + ipv4Prefix);
        }
        if (ipv6Prefix < MIN_IPV6_PREFIX || ipv6Prefix > 127) {
            throw new IllegalArgumentException(
                    "fleet.escalate.ipv6.prefix must be " + MIN_IPV6_PREFIX + "..127, was " + ipv6Prefix);
        }
    }

    /** The network an address is counted in. */
    public IpRange networkOf(InetAddress address) {
        return new IpRange(address, address instanceof Inet4Address ? ipv4Prefix : ipv6Prefix);
    }
}
