package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.BanTargetRule;
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
 * DNS) and refused by the fleet's {@link BanTargetRule} (the one the client and the coordinator apply: loopback,
 * unspecified, link-local, multicast and broadcast addresses, host bits set, prefixes wider than {@code [bans]
 * max.prefix.*}), and on top by what only this host knows: its own addresses, the brokers' addresses (a ban on them
 * would stop the enforcer from ever receiving the unban), the jail's {@code ignoreip} and the configured
 * {@code never.ban}. A prefix is refused when it merely overlaps a protected address or range. Each refusal is
 * logged with jail, IP and reason, and counted.
 */
public final class BanGuard {

    private static final Logger LOG = LoggerFactory.getLogger(BanGuard.class);

    /** Why a ban was refused; the metric label. */
    public enum Reason {
        UNPARSABLE,
        HOST_BITS_SET,
        UNKNOWN_JAIL,
        PREFIX_TOO_WIDE,
        LOOPBACK,
        UNSPECIFIED,
        LINK_LOCAL,
        MULTICAST,
        BROADCAST,
        OWN_ADDRESS,
        BROKER_ADDRESS,
        IGNORE_IP,
        NEVER_BAN;

        /** The same reason as the fleet's rule gives, under the enforcer's name. */
        static Reason of(BanTargetRule.Reason reason) {
            return valueOf(reason.name());
        }
    }

    /** The outcome of {@link #check}. */
    public sealed interface Verdict {}

    /** Safe to ban: the validated key. */
    public record Allowed(BanKey key) implements Verdict {}

    /** Not banned, and why. */
    public record Refused(String jail, String ip, Reason reason) implements Verdict {}

    private final Map<String, EnforcedJail> jails;
    private final List<IpRange> neverBan;
    private final Set<InetAddress> ownAddresses;
    private final Set<InetAddress> brokerAddresses;
    private final BanTargetRule rule;
    private final EnforcerMetrics metrics;

    /** @param limits the fleet's {@code [bans]} limits: the widest networks a ban may cover */
    public BanGuard(
            List<EnforcedJail> jails,
            List<IpRange> neverBan,
            Set<InetAddress> ownAddresses,
            Set<InetAddress> brokerAddresses,
            BanLimits limits,
            EnforcerMetrics metrics) {
        this.jails = jails.stream().collect(Collectors.toUnmodifiableMap(EnforcedJail::name, Function.identity()));
        this.neverBan = List.copyOf(neverBan);
        this.ownAddresses = Set.copyOf(ownAddresses);
        this.brokerAddresses = Set.copyOf(brokerAddresses);
        this.rule = new BanTargetRule(limits);
        this.metrics = metrics;
    }

    /** Validates a ban of {@code ipText} in {@code jail}; a refusal is logged and counted here. */
    public Verdict check(String jail, String ipText) {
        final BanTargetRule.Verdict parsed = BanTargetRule.parse(ipText);
        final Optional<Reason> refusal = parsed instanceof BanTargetRule.Refused syntax
                ? Optional.of(Reason.of(syntax.reason()))
                : refusal(jail, ((BanTargetRule.Allowed) parsed).target());
        if (refusal.isPresent()) {
            LOG.warn("refused ban jail={} ip={} reason={}", jail, ipText, refusal.get());
            metrics.increment(EnforcerMetrics.BANS_REFUSED, refusal.get().name());
            return new Refused(jail, ipText, refusal.get());
        }
        return new Allowed(new BanKey(jailName(jail), ((BanTargetRule.Allowed) parsed).target()));
    }

    /**
     * The key of an unban: only parsed, not guarded, since lifting a ban can never lock anyone out.
     * An unparsable IP is logged and empty.
     */
    public Optional<BanKey> unbanKey(String jail, String ipText) {
        final Optional<BanKey> key = parse(ipText).map(range -> new BanKey(jailName(jail), range));
        if (key.isEmpty()) {
            LOG.warn("ignored unban jail={} ip={}: not an IP address or prefix", jail, ipText);
        }
        return key;
    }

    /**
     * The configured jail's own name string for a decoded one: every decision decodes a fresh copy, and the keys of
     * held bans then share one string per jail instead of one per ban.
     */
    private String jailName(String jail) {
        final EnforcedJail enforced = jails.get(jail);
        return enforced == null ? jail : enforced.name();
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
        final Optional<BanTargetRule.Refused> fleetRule = rule.refusal(range);
        if (fleetRule.isPresent()) {
            return Optional.of(Reason.of(fleetRule.get().reason()));
        }
        if (containsAny(range, ownAddresses)) {
            return Optional.of(Reason.OWN_ADDRESS);
        }
        if (containsAny(range, brokerAddresses)) {
            return Optional.of(Reason.BROKER_ADDRESS);
        }
        if (overlapsAny(range, enforced.ignoreIp())) {
            return Optional.of(Reason.IGNORE_IP);
        }
        if (overlapsAny(range, neverBan)) {
            return Optional.of(Reason.NEVER_BAN);
        }
        return Optional.empty();
    }

    // Plain loops: a restart's rebuild checks every active ban, and a stream per list and ban costs more than the
    // checks themselves.
    private static boolean containsAny(IpRange range, Set<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlapsAny(IpRange range, List<IpRange> ranges) {
        for (IpRange other : ranges) {
            if (BanTargetRule.overlaps(range, other)) {
                return true;
            }
        }
        return false;
    }
}
