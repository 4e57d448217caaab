package io.fleetban.demo;

import io.fleetban.broker.BrokerSettings;
import io.fleetban.broker.EmbeddedBroker;
import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerApp;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.shipper.ShipperApp;
import io.fleetban.shipper.ShipperConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole fleet of one host in one process: embedded broker, coordinator, the tutorial's app, a shipper and an
 * enforcer, wired through real Kafka topics exactly as separate hosts would be. The jail is the tutorial's, read
 * from the bundled {@code examples/} files unchanged; the demo's own settings (log path, a short bantime) go in
 * {@code jail.d/fail.local}, as a fail2ban user would override a shipped jail.
 */
public final class DemoFleet implements AutoCloseable {

    /** The demo app plays the reverse proxy for itself: X-Forwarded-For is believed from loopback only. */
    static final String TRUSTED_PROXY = "127.0.0.1/32";

    private static final Duration COORDINATOR_START_TIMEOUT = Duration.ofSeconds(120);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path workDir;
    private final KafkaSettings kafka;
    private final DecisionPrinter printer;
    private final int appPort;

    private DemoFleet(DemoOptions options, PrintStream out) throws IOException {
        this.workDir = Files.createDirectories(options.workDir());
        final int brokerPort = freePort();
        final EmbeddedBroker broker = remember(EmbeddedBroker.start(
                new BrokerSettings(workDir.resolve("broker"), "127.0.0.1", brokerPort, freePort(), "127.0.0.1")));
        this.kafka = KafkaSettings.local(broker.bootstrapServers());
        final Path conf = writeConfig(options, broker.bootstrapServers());
        out.println("fleetban demo: broker " + broker.bootstrapServers() + ", config " + conf);

        remember(startCoordinator(conf));
        this.printer = remember(new DecisionPrinter(kafka, out));
        printer.start();
        // The shipper opens the app's log, positioned, before the app answers: a request served before it tails would
        // be missed (a file already there at the shipper's start is read from its end, as fail2ban does).
        final Path log = workDir.resolve("fail.log");
        Files.write(log, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        remember(startShipper(conf));
        remember(startEnforcer(conf));
        final DemoWebApp app = remember(DemoWebApp.start(
                new InetSocketAddress("127.0.0.1", options.appPort()), log, List.of(IpRange.parse(TRUSTED_PROXY))));
        this.appPort = app.port();
        out.println("fleetban demo: app on http://127.0.0.1:" + appPort + "/ logging to " + workDir.resolve("fail.log")
                + "; jail 'fail': maxretry 5, findtime 600 s, bantime " + options.bantimeSeconds() + " s");
    }

    /** Starts everything; on a failure, stops what had started and rethrows. */
    public static DemoFleet start(DemoOptions options, PrintStream out) {
        try {
            return new DemoFleet(options, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the demo in " + options.workDir(), e);
        }
    }

    DecisionPrinter printer() {
        return printer;
    }

    int appPort() {
        return appPort;
    }

    /** Starts the coordinator and waits until its tasks run, so the demo's first offenses are counted at once. */
    private static CoordinatorApp startCoordinator(Path conf) {
        final CoordinatorApp app = new CoordinatorApp(CoordinatorConfig.load(conf));
        app.start();
        final long deadline = System.nanoTime() + COORDINATOR_START_TIMEOUT.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !app.state().isRunningOrRebalancing()) {
                throw new IllegalStateException("the coordinator did not start within "
                        + COORDINATOR_START_TIMEOUT.toSeconds() + " s (state " + app.state() + ")");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return app;
    }

    private static ShipperApp startShipper(Path conf) {
        final ShipperApp app = ShipperApp.create(ShipperConfig.load(conf));
        app.start();
        return app;
    }

    private static EnforcerApp startEnforcer(Path conf) {
        final EnforcerApp app = EnforcerApp.create(EnforcerConfig.load(conf));
        try {
            app.start();
        } catch (FirewallException e) {
            throw new IllegalStateException("the enforcer could not set up the firewall: " + e.getMessage(), e);
        }
        return app;
    }

    private Path writeConfig(DemoOptions options, String bootstrap) throws IOException {
        final Path fail2ban = workDir.resolve("fail2ban");
        for (String file : List.of("filter.d/fail.conf", "jail.d/fail.conf")) {
            Files.createDirectories(fail2ban.resolve(file).getParent());
            try (InputStream in = DemoFleet.class.getResourceAsStream("/examples/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("bundled example " + file + " is missing from the fleetban jar");
                }
                Files.copy(in, fail2ban.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(
                fail2ban.resolve("jail.d/fail.local"),
                String.join(
                        "\n",
                        "# fleetban demo: the tutorial's jail, with the demo's log file and a short bantime",
                        "[fail]",
                        "logpath = " + workDir.resolve("fail.log"),
                        "bantime = " + options.bantimeSeconds(),
                        ""));
        final Path conf = workDir.resolve("fleetban.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "[kafka]",
                        "bootstrap.servers = " + bootstrap,
                        "topic.partitions = 2",
                        "[fail2ban]",
                        "config.dir = " + fail2ban,
                        "[shipper]",
                        "host.id = demo-host",
                        "state.dir = " + workDir.resolve("shipper"),
                        "[coordinator]",
                        "state.dir = " + workDir.resolve("coordinator"),
                        "http.listen = 127.0.0.1:" + options.coordinatorPort(),
                        "[enforcer]",
                        "host.id = demo-host",
                        "backend = " + (options.enforce() ? "ipset" : "dry-run"),
                        ""));
        return conf;
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.push(component);
        return component;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("fleetban demo: stopping a component failed: " + e);
            }
        }
    }
}
