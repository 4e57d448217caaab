package io.fleetban.cli;

import io.fleetban.broker.BrokerSettings;
import io.fleetban.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetban broker}: a single-node KRaft Kafka for trials and small fleets. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft, combined broker and controller) in the foreground.")
final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            defaultValue = "/var/lib/fleetban/broker",
            description = "Broker data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--listen",
            defaultValue = "127.0.0.1",
            description = "Address the client listener binds (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--controller-port",
            defaultValue = "9093",
            description = "KRaft controller port on loopback (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(
            names = "--advertised-host",
            description = "Host or address clients connect to (default: the --listen address).")
    String advertisedHost;

    @Override
    public Integer call() {
        final String advertised = advertisedHost != null ? advertisedHost : listen;
        final EmbeddedBroker broker =
                EmbeddedBroker.start(new BrokerSettings(dataDir, listen, port, controllerPort, advertised));
        System.out.println("fleetban broker: serving at " + broker.bootstrapServers());
        return AgentRunner.runUntilSignalled("broker", broker);
    }
}
