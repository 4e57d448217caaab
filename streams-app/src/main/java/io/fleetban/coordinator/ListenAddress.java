package io.fleetban.coordinator;

import io.fleetban.kafka.metrics.MetricsServer;
import java.net.InetSocketAddress;

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
        // One host:port parser for every listen key (metrics.listen of the other agents uses the same).
        final InetSocketAddress address = MetricsServer.parseListen(text);
        return new ListenAddress(address.getHostString(), address.getPort());
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
