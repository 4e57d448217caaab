package io.fleetban.fail2ban.value;

/**
 * The widest networks one ban may cover, the same for the client, the coordinator and every enforcer
 * ({@code [bans] max.prefix.v4} / {@code max.prefix.v6}, read by {@link io.fleetban.fail2ban.BansSection}).
 *
 * @param maxPrefixV4 the widest IPv4 prefix allowed (24 refuses a /16); 1..32, so {@code 0.0.0.0/0} never passes
 * @param maxPrefixV6 the widest IPv6 prefix allowed; 1..128, so {@code ::/0} never passes
 */
public record BanLimits(int maxPrefixV4, int maxPrefixV6) {

    public static final int DEFAULT_MAX_PREFIX_V4 = 24;
    public static final int DEFAULT_MAX_PREFIX_V6 = 64;
    /** /24 and /64, the widest networks fleetban bans unless told otherwise. */
    public static final BanLimits DEFAULT = new BanLimits(DEFAULT_MAX_PREFIX_V4, DEFAULT_MAX_PREFIX_V6);

    /** Validates the record. */
    public BanLimits {
        if (maxPrefixV4 < 1 || maxPrefixV4 > 32) {
            throw new IllegalArgumentException("IPv4 prefix limit " + maxPrefixV4 + " is out of range 1..32");
        }
        if (maxPrefixV6 < 1 || maxPrefixV6 > 128) {
            throw new IllegalArgumentException("IPv6 prefix limit " + maxPrefixV6 + " is out of range 1..128");
        }
    }

    /** The widest prefix allowed for {@code range}'s family. */
    public int maxPrefix(IpRange range) {
        return range.isV6() ? maxPrefixV6 : maxPrefixV4;
    }
}
