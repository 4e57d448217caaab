package io.fleetban.fail2ban.value;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address as text, the one way fleetban writes it: IPv4 as a dotted quad, IPv6 in RFC 5952's recommended form
 * (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}, the first on a tie), as
 * fail2ban, ipset and nft print it. Java's own {@code getHostAddress()} never compresses ({@code 2001:db8:0:0:0:0:0:1}).
 */
final class IpText {

    private static final int GROUPS = 8;

    private IpText() {}

    static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 1; // a single zero group is never compressed
        for (int i = 0; i < GROUPS; ) {
            int end = i;
            while (end < GROUPS && groups[end] == 0) {
                end++;
            }
            if (end - i > runLength) {
                runStart = i;
                runLength = end - i;
            }
            i = end == i ? i + 1 : end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
