package io.fleetban.cli;

import io.fleetban.demo.DemoFleet;
import io.fleetban.demo.DemoOptions;
import io.fleetban.demo.DemoSelfTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetban demo}: the tutorial, fleet-wide, in one process on an embedded Kafka broker. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run broker, coordinator, the tutorial's app on 127.0.0.1:8000, a shipper and an enforcer in one process.",
            "Attack it with: for i in 1 2 3 4 5; do curl -H 'X-Forwarded-For: 203.0.113.7' http://127.0.0.1:8000/; done"
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--self-test",
            description =
                    "Play the attacker, wait for the ban and the unban, print timings, exit 0 only if both happened.")
    boolean selfTest;

    @Option(names = "--enforce", description = "Apply real ipset/iptables rules (needs root) instead of printing them.")
    boolean enforce;

    @Option(
            names = "--port",
            defaultValue = "8000",
            description = "The app's port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(
            names = "--coordinator-port",
            defaultValue = "7070",
            description = "The coordinator query API port (default: ${DEFAULT-VALUE}).")
    int coordinatorPort;

    @Option(
            names = "--bantime",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "The demo jail's bantime (default: ${DEFAULT-VALUE}).")
    int bantime;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where broker data, logs and config go (default: a new temporary directory).")
    Path workDir;

    @Override
    public Integer call() {
        if (enforce && !"root".equals(System.getProperty("user.name"))) {
            throw new UserFacingException("--enforce changes the firewall and needs root", Fleetban.EXIT_USAGE);
        }
        final DemoOptions options = new DemoOptions(workDir(), port, coordinatorPort, bantime, enforce);
        final DemoFleet fleet = DemoFleet.start(options, System.out);
        if (!selfTest) {
            System.out.println("fleetban demo: running; Ctrl+C stops it");
            return AgentRunner.runUntilSignalled("demo", fleet);
        }
        try (fleet) {
            return DemoSelfTest.run(fleet, Duration.ofSeconds(bantime), System.out)
                    ? Fleetban.EXIT_OK
                    : Fleetban.EXIT_FAILURE;
        }
    }

    private Path workDir() {
        if (workDir != null) {
            return workDir;
        }
        try {
            return Files.createTempDirectory("fleetban-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
