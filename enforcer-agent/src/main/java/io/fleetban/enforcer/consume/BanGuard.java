package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.fail2ban.value.IpRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last check before the firewall: topics are input, not trust. Every IP is re-parsed (literals only, never
 * DNS) and refused when banning it would cut this host off or hit what must never be banned: loopback,
 * unspecified, link-local, multicast and broadcast addresses, the host's own addresses, the brokers' addresses
 * (a ban on them would stop the enforcer from ever receiving the unban), the jail's {@code ignoreip}, the
 * configured {@code never.ban}, and prefixes wider than the configured limit. A prefix is refused when it merely
 * overlaps a protected address or range. Each refusal is logged with jail, IP and reason, and counted.
 */
public final class BanGuard {

    private static final Logger LOG = LoggerFactory.getLogger(BanGuard.class);

    /** Why a ban was refused; the metric label. */
    public enum Reason {
        UNPARSABLE, UNKNOWN_JAIL, PREFIX_TOO_WIDE, LOOPBACK, UNSPECIFIED, LINK_LOCAL, MULTICAST, BROADCAST,
        OWN_ADDRESS, BROKER_ADDRESS, IGNORE_IP, NEVER_BAN
    }

    /** The outcome of {@link #check}. */
    public sealed interface Verdict {
    }

    /** Safe to ban: the validated key. */
    public record Allowed(BanKey key) implements Verdict {
    }

    /** Not banned, and why. */
    public record Refused(String jail, String ip, Reason reason) implements Verdict {
    }

    private static final Map<IpRange, Reason> SPECIAL_RANGES = Map.ofEntries(
            Map.entry(IpRange.parse("127.0.0.0/8"), Reason.LOOPBACK),
            Map.entry(IpRange.parse("::1/128"), Reason.LOOPBACK),
            Map.entry(IpRange.parse("0.0.0.0/8"), Reason.UNSPECIFIED),
            Map.entry(IpRange.parse("::/128"), Reason.UNSPECIFIED),
            Map.entry(IpRange.parse("169.254.0.0/16"), Reason.LINK_LOCAL),
            Map.entry(IpRange.parse("fe80::/10"), Reason.LINK_LOCAL),
            Map.entry(IpRange.parse("224.0.0.0/4"), Reason.MULTICAST),
            Map.entry(IpRange.parse("ff00::/8"), Reason.MULTICAST),
            Map.entry(IpRange.parse("255.255.255.255/32"), Reason.BROADCAST));

    private final Map<String, EnforcedJail> jails;
    private final List<IpRange> neverBan;
    private final Set<InetAddress> ownAddresses;
    private final Set<InetAddress> brokerAddresses;
    private final int maxPrefixV4;
    private final int maxPrefixV6;
    private final EnforcerMetrics metrics;

    /**
     * @param maxPrefixV4 the widest IPv4 prefix allowed (e.g. 24 refuses a /16); at least 1, so 0.0.0.0/0 never passes
     * @param maxPrefixV6 the widest IPv6 prefix allowed; at least 1, so ::/0 never passes
     */
    public BanGuard(List<EnforcedJail> jails, List<IpRange> neverBan, Set<InetAddress> ownAddresses,
                    Set<InetAddress> brokerAddresses, int maxPrefixV4, int maxPrefixV6, EnforcerMetrics metrics) {
        if (maxPrefixV4 < 1 || maxPrefixV4 > 32 || maxPrefixV6 < 1 || maxPrefixV6 > 128) {
            throw new IllegalArgumentException("prefix limits out of range: " + maxPrefixV4 + ", " + maxPrefixV6);
        }
        this.jails = jails.stream().collect(Collectors.toUnmodifiableMap(EnforcedJail::name, Function.identity()));
        this.neverBan = List.copyOf(neverBan);
        this.ownAddresses = Set.copyOf(ownAddresses);
        this.brokerAddresses = Set.copyOf(brokerAddresses);
        this.maxPrefixV4 = maxPrefixV4;
        this.maxPrefixV6 = maxPrefixV6;
        this.metrics = metrics;
    }

    /** Validates a ban of {@code ipText} in {@code jail}; a refusal is logged and counted here. */
    public Verdict check(String jail, String ipText) {
        final Optional<IpRange> parsed = parse(ipText);
        final Optional<Reason> refusal = parsed.isEmpty() ? Optional.of(Reason.UNPARSABLE) : refusal(jail, parsed.get());
        if (refusal.isPresent()) {
            LOG.warn("refused ban jail={} ip={} reason={}", jail, ipText, refusal.get());
            metrics.increment(EnforcerMetrics.BANS_REFUSED, refusal.get().name());
            return new Refused(jail, ipText, refusal.get());
        }
        return new Allowed(new BanKey(jail, parsed.get()));
    }

    /**
     * The key of an unban: only parsed, not guarded, since lifting a ban can never lock anyone out.
     * An unparsable IP is logged and empty.
     */
    public Optional<BanKey> unbanKey(String jail, String ipText) {
        final Optional<BanKey> key = parse(ipText).map(range -> new BanKey(jail, range));
        if (key.isEmpty()) {
            LOG.warn("ignored unban jail={} ip={}: not an IP address or prefix", jail, ipText);
        }
        return key;
    }

    private static Optional<IpRange> parse(String ipText) {
        try {
            return Optional.of(IpRange.parse(ipText));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<Reason> refusal(String jail, IpRange range) {
        final EnforcedJail enforced = jails.get(jail);
        if (enforced == null) {
            return Optional.of(Reason.UNKNOWN_JAIL);
        }
        if (range.prefixLength() < (range.isV6() ? maxPrefixV6 : maxPrefixV4)) {
            return Optional.of(Reason.PREFIX_TOO_WIDE);
        }
        for (Map.Entry<IpRange, Reason> special : SPECIAL_RANGES.entrySet()) {
            if (overlaps(range, special.getKey())) {
                return Optional.of(special.getValue());
            }
        }
        if (ownAddresses.stream().anyMatch(range::contains)) {
            return Optional.of(Reason.OWN_ADDRESS);
        }
        if (brokerAddresses.stream().anyMatch(range::contains)) {
            return Optional.of(Reason.BROKER_ADDRESS);
        }
        if (enforced.ignoreIp().stream().anyMatch(ignored -> overlaps(range, ignored))) {
            return Optional.of(Reason.IGNORE_IP);
        }
        if (neverBan.stream().anyMatch(protectedRange -> overlaps(range, protectedRange))) {
            return Optional.of(Reason.NEVER_BAN);
        }
        return Optional.empty();
    }

    /** Two CIDR ranges overlap exactly when one contains the other's network address. */
    static boolean overlaps(IpRange a, IpRange b) {
        return a.contains(b.network()) || b.contains(a.network());
    }
}
