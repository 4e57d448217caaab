package io.fleetban.coordinator;

import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.fail2ban.value.IpRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the coordinator needs of one enabled jail: its counting policy and the addresses it never bans.
 *
 * @param name     the jail name (a fail2ban section name)
 * @param policy   maxretry, findtime, bantime
 * @param ignoreIp fail2ban's {@code ignoreip}: addresses and CIDR ranges never counted nor banned
 */
public record JailRule(String name, JailPolicy policy, List<IpRange> ignoreIp) {

    public JailRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            // '/' separates jail and IP in store and active-bans keys.
            throw new IllegalArgumentException("jail name must be non-empty and contain no '/': " + name);
        }
        // maxretry >= 1 and a positive findtime are JailPolicy's own invariants.
        ignoreIp = List.copyOf(ignoreIp);
    }

    /** fail2ban's ignoreip check: an ignored address is never counted and never banned automatically. */
    public boolean ignores(InetAddress address) {
        for (IpRange range : ignoreIp) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The offender an address is counted and banned as: the address itself (fail2ban), or with
     * {@code fleet.ipv6.prefix} an IPv6 address's network in CIDR text. When that network overlaps an
     * {@code ignoreip} range the address stays on its own: a prefix ban must never cover an ignored address.
     */
    public String offender(IpAddress ip) {
        if (!ip.isV6() || !policy.fleet().groupsIpv6()) {
            return ip.canonical();
        }
        IpRange network = new IpRange(ip.address(), policy.fleet().ipv6PrefixLength());
        return overlapsIgnored(network) ? ip.canonical() : network.canonical();
    }

    /** Whether a network shares an address with an {@code ignoreip} range: such a network is never banned whole. */
    public boolean overlapsIgnored(IpRange network) {
        for (IpRange range : ignoreIp) {
            if (range.contains(network.network()) || network.contains(range.network())) {
                return true;
            }
        }
        return false;
    }

    /** {@code fleet.escalate.*}, when on. */
    public Optional<PrefixEscalation> escalation() {
        return policy.fleet().escalation();
    }

    public int maxRetry() {
        return policy.maxRetry();
    }

    /**
     * How many of the newest offenses within findtime one (jail, IP) state keeps: {@code maxretry}, or
     * {@code fleet.maxretry.perhost} when that is larger, so the per-host threshold can be reached.
     */
    public int offensesToKeep() {
        return policy.fleet().offensesToKeep(policy.maxRetry());
    }

    public long findTimeMillis() {
        return policy.findTime().toMillis();
    }

    /** Ban length in millis; negative means permanent (fail2ban's {@code bantime = -1}). */
    public long banTimeMillis() {
        return policy.banTime().isNegative() ? -1 : policy.banTime().toMillis();
    }
}
