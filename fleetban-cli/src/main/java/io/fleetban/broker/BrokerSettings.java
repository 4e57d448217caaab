package io.fleetban.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded broker keeps its data and listens.
 *
 * @param dataDir        KRaft metadata and topic data; kept across restarts
 * @param listenHost     address the client listener binds, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port           client listener port (9092 by default)
 * @param controllerPort KRaft controller port, bound on loopback only
 * @param advertisedHost host name or address clients are told to connect to
 */
public record BrokerSettings(Path dataDir, String listenHost, int port, int controllerPort, String advertisedHost) {

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        requirePort(port, "port");
        requirePort(controllerPort, "controllerPort");
        if (port == controllerPort) {
            throw new IllegalArgumentException("client and controller ports must differ, both are " + port);
        }
    }

    /** {@code advertisedHost:port}: what clients put in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return advertisedHost.contains(":") ? "[" + advertisedHost + "]:" + port : advertisedHost + ":" + port;
    }

    private static void requirePort(int value, String name) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535, got " + value);
        }
    }
}
