package io.fleetban.fail2ban.value;

/**
 * The IPv4 dotted-quad grammar {@link IpAddress} accepts, read without a regex: four decimal octets 0..255 without
 * leading zeros ({@code 01} is refused: some parsers read it as octal), separated by single dots, nothing else.
 * Every offense's address passes here, so it is the hot path of matching (fail2ban's address cache misses on
 * address scans).
 */
final class DottedQuad {

    private DottedQuad() {}

    /** The four octets of {@code text}, or null when it is not exactly a dotted quad. */
    static byte[] parse(String text) {
        final int length = text.length();
        if (length < 7 || length > 15) {
            return null;
        }
        final byte[] octets = new byte[4];
        int pos = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (pos >= length || text.charAt(pos) != '.') {
                    return null;
                }
                pos++;
            }
            final int start = pos;
            int value = 0;
            while (pos < length && pos - start < 3) {
                final char c = text.charAt(pos);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                pos++;
            }
            final int digits = pos - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            octets[octet] = (byte) value;
        }
        return pos == length ? octets : null;
    }
}
