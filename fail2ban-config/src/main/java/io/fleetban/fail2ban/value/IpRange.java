package io.fleetban.fail2ban.value;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP network in CIDR form, as fail2ban's {@code ignoreip} and fleetban's never-ban lists hold them:
 * {@code 10.0.0.0/8}, {@code 2001:db8::/32}, an IPv4 netmask ({@code 10.0.0.0/255.0.0.0}), or a single
 * address (= /32 or /128). Host bits are cleared, so {@code 127.0.0.1/8} is the network {@code 127.0.0.0/8}
 * (fail2ban's IPAddr does the same).
 *
 * @param network      the network address, host bits zero
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record IpRange(InetAddress network, int prefixLength) {

    /** Validates the record and clears host bits. */
    public IpRange {
        Objects.requireNonNull(network, "network");
        final int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max);
        }
        network = masked(network, prefixLength);
    }

    /**
     * Parses {@code address}, {@code address/prefix} or {@code ipv4/netmask}.
     *
     * @throws IllegalArgumentException naming the text when it is not an address or network
     */
    public static IpRange parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IP range is null");
        }
        final String t = text.strip();
        final int slash = t.indexOf('/');
        if (slash < 0) {
            final InetAddress a = IpAddress.parseLiteral(t);
            return new IpRange(a, a.getAddress().length * 8);
        }
        final InetAddress a = IpAddress.parseLiteral(t.substring(0, slash));
        return new IpRange(a, prefix(t.substring(slash + 1), a, text));
    }

    /** Reads the part after '/': a decimal prefix length or (IPv4 only) a contiguous dotted netmask. */
    private static int prefix(String spec, InetAddress network, String text) {
        final int max = network.getAddress().length * 8;
        if (spec.matches("\\d{1,3}")) {
            final int len = Integer.parseInt(spec);
            if (len > max) {
                throw new IllegalArgumentException("prefix length " + len + " exceeds " + max + " in '" + text + "'");
            }
            return len;
        }
        if (max == 32 && spec.contains(".")) {
            final byte[] mask = IpAddress.parseLiteral(spec).getAddress();
            final int bits =
                    ((mask[0] & 0xff) << 24) | ((mask[1] & 0xff) << 16) | ((mask[2] & 0xff) << 8) | (mask[3] & 0xff);
            final int len = Integer.bitCount(bits);
            final int contiguous = len == 0 ? 0 : -1 << (32 - len);
            if (bits != contiguous) {
                throw new IllegalArgumentException("netmask is not contiguous in '" + text + "'");
            }
            return len;
        }
        throw new IllegalArgumentException("not a prefix length or netmask in '" + text + "'");
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        final byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            final int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] &= (byte) (0xff << (8 - bitsHere));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    /** True when {@code a} is of the same family and inside this network. */
    public boolean contains(InetAddress a) {
        if (a == null) {
            return false;
        }
        // Compared under the mask byte by byte, building no address: the enforcer's guard checks every ban against
        // every protected and special range.
        final byte[] bytes = a.getAddress();
        final byte[] net = network.getAddress();
        if (bytes.length != net.length) {
            return false;
        }
        for (int i = 0; i < bytes.length && i * 8 < prefixLength; i++) {
            final int mask = (0xff << (8 - Math.min(8, prefixLength - i * 8))) & 0xff;
            if (((bytes[i] ^ net[i]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code a} is inside this network. */
    public boolean contains(IpAddress a) {
        return a != null && contains(a.address());
    }

    /** True for an IPv6 network. */
    public boolean isV6() {
        return network instanceof Inet6Address;
    }

    /** True when this range is exactly one address (/32 or /128). */
    public boolean isSingleAddress() {
        return prefixLength == network.getAddress().length * 8;
    }

    /** Canonical text, always {@code network/prefixLength}, with the network written as {@link IpText} does. */
    public String canonical() {
        return IpText.of(network) + "/" + prefixLength;
    }

    /**
     * The text a ban of this range carries in topic keys, decisions and firewall commands: the bare address for a
     * single address (as shippers write offenders, so {@code 203.0.113.7/32} and {@code 203.0.113.7} are one ban),
     * otherwise {@code network/prefixLength}.
     */
    public String banTarget() {
        return isSingleAddress() ? IpText.of(network) : canonical();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
