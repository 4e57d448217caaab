package io.fleetban.coordinator;

/**
 * A {@code host:port} to listen on or to reach ({@code [::1]:7070} for IPv6). Port 0 picks a free port (tests).
 *
 * @param host a host name or address literal, without brackets
 * @param port 0..65535
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [v6-address]:port}.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static ListenAddress parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 address as [address]:port, got '" + text + "'");
        }
        try {
            return new ListenAddress(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'", e);
        }
    }

    /** {@code host:port} as Kafka Streams' {@code application.server} and URLs want it. */
    public String hostAndPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return hostAndPort();
    }
}
