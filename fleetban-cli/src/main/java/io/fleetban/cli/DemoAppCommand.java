package io.fleetban.cli;

import io.fleetban.demo.DemoWebApp;
import io.fleetban.fail2ban.value.IpRange;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetban demo-app}: the seed tutorial's HTTP app alone, for hosts of a demo fleet. */
@Command(
        name = "demo-app",
        mixinStandardHelpOptions = true,
        description = "Run the tutorial's HTTP app: answers every GET and logs '<time> - IP: <ip> - User-Agent: <ua>'.")
final class DemoAppCommand implements Callable<Integer> {

    @Option(
            names = "--listen",
            defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--log", defaultValue = "/tmp/fail.log", description = "Log file (default: ${DEFAULT-VALUE}).")
    Path log;

    @Option(
            names = "--trusted-proxy",
            paramLabel = "CIDR",
            description = "Peer allowed to set X-Forwarded-For (repeatable).")
    List<String> trustedProxies = List.of();

    @Override
    public Integer call() {
        final List<IpRange> proxies =
                trustedProxies.stream().map(IpRange::parse).toList();
        final DemoWebApp app = DemoWebApp.start(new InetSocketAddress(host, port), log, proxies);
        return AgentRunner.runUntilSignalled("demo-app", app);
    }
}
