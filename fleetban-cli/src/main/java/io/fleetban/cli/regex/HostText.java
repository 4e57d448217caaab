package io.fleetban.cli.regex;

import io.fleetban.fail2ban.value.IpAddress;
import java.net.Inet6Address;

/**
 * The host text {@code fleetban regex} reports: fail2ban (Python's {@code ipaddress}) prints IPv6 in RFC 5952 form
 * ({@code 2001:db8::7}), while {@link IpAddress#canonical()} is Java's uncompressed form; the JSON contract compares
 * with fail2ban, so IPv6 is compressed here. IPv4 is the canonical dotted quad in both.
 */
final class HostText {

    private HostText() {
    }

    static String of(IpAddress ip) {
        if (!(ip.address() instanceof Inet6Address v6)) {
            return ip.canonical();
        }
        final byte[] b = v6.getAddress();
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        final int[] run = longestZeroRun(groups);
        final StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == run[0]) {
                text.append(i == 0 ? "::" : ":");
                i += run[1] - 1;
                continue;
            }
            text.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                text.append(':');
            }
        }
        return text.toString();
    }

    /** RFC 5952 4.2: the first longest run of at least two zero groups; {start, length}, start -1 when none. */
    private static int[] longestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        return new int[] {bestStart, bestLength};
    }
}
