package io.fleetban.fail2ban.value;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which addresses and networks may ever be banned, one rule for the client (before it sends a command), the
 * coordinator (for commands and offenses) and every enforcer (before its firewall). Refused: text that is not an
 * address or CIDR; a CIDR with host bits set ({@code 1.2.3.4/8}: as {@code ip route} refuses it, since silently
 * widening it to {@code 1.0.0.0/8} bans far more than was typed); networks wider than {@link BanLimits}; and any
 * target overlapping the unspecified ({@code 0.0.0.0/8}, {@code ::}), loopback, link-local, multicast or broadcast
 * ranges, which no attacker can own and whose ban cuts hosts off (a shipper that reads {@code 0.0.0.0} from a
 * bind error must not lead to a ban of the whole Internet). What only one host knows (its own and its brokers'
 * addresses, {@code ignoreip}) the enforcer checks on top.
 */
public final class BanTargetRule {

    /** Why a target was refused; its {@link #label()} is the metric label. */
    public enum Reason {
        UNPARSABLE,
        HOST_BITS_SET,
        PREFIX_TOO_WIDE,
        UNSPECIFIED,
        LOOPBACK,
        LINK_LOCAL,
        MULTICAST,
        BROADCAST;

        /** {@code HOST_BITS_SET} -> {@code host-bits-set}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The outcome of {@link #check(String)}. */
    public sealed interface Verdict {}

    /** May be banned: the parsed target ({@link IpRange#banTarget()} is its canonical text). */
    public record Allowed(IpRange target) implements Verdict {}

    /**
     * Must not be banned.
     *
     * @param text    the text as given
     * @param reason  why, for metrics and code
     * @param message why, for people: one line naming the text
     */
    public record Refused(String text, Reason reason, String message) implements Verdict {}

    private record Special(IpRange range, Reason reason, String what) {}

    private static final List<Special> SPECIAL = List.of(
            new Special(
                    IpRange.parse("0.0.0.0/8"),
                    Reason.UNSPECIFIED,
                    "the unspecified (\"this network\") range 0.0.0.0/8"),
            new Special(IpRange.parse("::/128"), Reason.UNSPECIFIED, "the unspecified address ::"),
            new Special(IpRange.parse("127.0.0.0/8"), Reason.LOOPBACK, "loopback 127.0.0.0/8"),
            new Special(IpRange.parse("::1/128"), Reason.LOOPBACK, "loopback ::1"),
            new Special(IpRange.parse("169.254.0.0/16"), Reason.LINK_LOCAL, "link-local 169.254.0.0/16"),
            new Special(IpRange.parse("fe80::/10"), Reason.LINK_LOCAL, "link-local fe80::/10"),
            new Special(IpRange.parse("224.0.0.0/4"), Reason.MULTICAST, "multicast 224.0.0.0/4"),
            new Special(IpRange.parse("ff00::/8"), Reason.MULTICAST, "multicast ff00::/8"),
            new Special(IpRange.parse("255.255.255.255/32"), Reason.BROADCAST, "broadcast 255.255.255.255"));

    private final BanLimits limits;

    public BanTargetRule(BanLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits this rule applies. */
    public BanLimits limits() {
        return limits;
    }

    /** Checks a ban of {@code text}: an address, {@code address/prefix} or {@code ipv4/netmask}. */
    public Verdict check(String text) {
        final Verdict parsed = parse(text);
        if (parsed instanceof Allowed allowed) {
            return refusal(text, allowed.target()).<Verdict>map(r -> r).orElse(parsed);
        }
        return parsed;
    }

    /**
     * Only the syntax part of the rule, for unbans: an unban must lift what an older rule let through, so only text
     * that is not an address or CIDR, or has host bits set, is refused.
     */
    public static Verdict parse(String text) {
        final IpRange range;
        try {
            range = IpRange.parse(text);
        } catch (IllegalArgumentException e) {
            return new Refused(text, Reason.UNPARSABLE, e.getMessage());
        }
        final int slash = text.indexOf('/');
        if (slash >= 0 && !IpAddress.parseLiteral(text.substring(0, slash)).equals(range.network())) {
            return new Refused(
                    text,
                    Reason.HOST_BITS_SET,
                    text.strip() + " has host bits set; did you mean " + range.banTarget() + "?");
        }
        return new Allowed(range);
    }

    /** Why banning the already parsed {@code target} is refused, if it is. */
    public Optional<Refused> refusal(IpRange target) {
        return refusal(target.banTarget(), target);
    }

    /** Why banning one address is refused, if it is (an offense's address). */
    public Optional<Refused> refusal(IpAddress address) {
        final InetAddress a = address.address();
        for (Special special : SPECIAL) {
            if (special.range().contains(a)) {
                return Optional.of(new Refused(
                        address.canonical(),
                        special.reason(),
                        address.canonical() + " is in " + special.what() + " and is never banned"));
            }
        }
        return Optional.empty();
    }

    private Optional<Refused> refusal(String text, IpRange target) {
        final int max = limits.maxPrefix(target);
        if (target.prefixLength() < max) {
            return Optional.of(new Refused(
                    text,
                    Reason.PREFIX_TOO_WIDE,
                    target.banTarget() + " is wider than /" + max
                            + ", the widest " + (target.isV6() ? "IPv6" : "IPv4")
                            + " network a ban may cover ([bans] max.prefix."
                            + (target.isV6() ? "v6" : "v4") + ")"));
        }
        for (Special special : SPECIAL) {
            if (overlaps(target, special.range())) {
                return Optional.of(new Refused(
                        text,
                        special.reason(),
                        target.banTarget() + " overlaps " + special.what() + ", which is never banned"));
            }
        }
        return Optional.empty();
    }

    /** Two CIDR ranges overlap exactly when one contains the other's network address. */
    public static boolean overlaps(IpRange a, IpRange b) {
        // Families first: half of the special ranges are of the other family, and that needs no address compared.
        return a.isV6() == b.isV6() && (a.contains(b.network()) || b.contains(a.network()));
    }
}
