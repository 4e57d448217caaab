package io.fleetban.fail2ban.value;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One IP address, parsed from text without ever touching DNS. This is fleetban's only IP parser: every address
 * taken from a log line, a topic or a config file goes through {@link #parse(String)} before it is counted or banned,
 * so a hostname or a malformed string can never reach a firewall command.
 * An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is read as the IPv4 address, like fail2ban's IPAddr.
 *
 * @param address the parsed address (Inet4Address or Inet6Address, no scope id)
 */
public record IpAddress(InetAddress address) {
    /** Only hex digits, colons and (for an embedded IPv4 tail) dots: such text is never looked up in DNS. */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Validates the record. */
    public IpAddress {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            throw new IllegalArgumentException("scoped IPv6 addresses are not supported: " + address);
        }
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal.
     *
     * @throws IllegalArgumentException naming the text when it is not an IP address literal
     */
    public static IpAddress parse(String text) {
        return new IpAddress(parseLiteral(text));
    }

    /** The literal-only parse shared with {@link IpRange}. */
    static InetAddress parseLiteral(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IP address is null");
        }
        final String t = text.strip();
        try {
            final byte[] v4 = DottedQuad.parse(t);
            if (v4 != null) {
                return InetAddress.getByAddress(v4); // never consults DNS
            }
            if (t.indexOf(':') < 0 || !IPV6_CHARS.matcher(t).matches()) {
                throw new IllegalArgumentException("not an IP address: '" + text + "'");
            }
            // Safe: getByName() only consults DNS for names; the pattern above admits literals only.
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    /** True for an IPv6 address. */
    public boolean isV6() {
        return address instanceof Inet6Address;
    }

    /** The canonical text used in topic keys and firewall commands (IPv6 as RFC 5952 recommends, see {@link IpText}). */
    public String canonical() {
        return IpText.of(address);
    }

    @Override
    public String toString() {
        return canonical();
    }
}
