package io.fleetban.demo;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The seed tutorial's log line, {@code YYYY-MM-DD HH:MM:SS - IP: <ip> - User-Agent: <ua>}, made safe: the
 * User-Agent is client input, so control characters (a newline would forge a second log line) and backslashes
 * are escaped, and its length is bounded. One request is always exactly one line.
 */
final class AccessLogFormat {

    static final int MAX_USER_AGENT_CHARS = 512;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AccessLogFormat() {}

    static String line(LocalDateTime time, String clientIp, String userAgent) {
        return TIME.format(time) + " - IP: " + clientIp + " - User-Agent: "
                + escape(userAgent == null ? "Unknown" : userAgent);
    }

    static String escape(String text) {
        final StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_USER_AGENT_CHARS) + 16);
        for (int i = 0; i < text.length() && i < MAX_USER_AGENT_CHARS; i++) {
            final char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_USER_AGENT_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
