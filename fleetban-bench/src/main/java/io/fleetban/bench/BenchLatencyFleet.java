package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fleet under test, as separate JVMs on this machine: one coordinator, and per host a shipper and an enforcer
 * reading one fleetban.conf (host ids {@code h1..hN}, each with its own log file, shipper state and, with the
 * ipset backend, its own network namespace {@code fblat-<id>-hN} as the enforcer's {@code firewall.netns}: ipset
 * sets and iptables chains are per namespace, so hosts do not share kernel state, as on real hosts; the machine's
 * own firewall is never touched). The jail files are the coordinator bench's ({@link BenchCoordinatorFiles}: jail
 * {@value OffensePreload#JAIL}, the tutorial's filter, maxretry 5), with each host's log path in
 * {@code jail.d/bench.local}, the way fail2ban users override a shipped jail.
 */
final class BenchLatencyFleet implements AutoCloseable {

    /** One host: its log file (attacked by the benchmark) and its enforcer's output (read for apply times). */
    record Host(String id, Path log, ChildJvm shipper, ChildJvm enforcer) {}

    private final List<ChildJvm> processes = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, Long> logOffsets = new LinkedHashMap<>();
    private ChildJvm coordinator;

    /** Starts the coordinator, then every host's shipper and enforcer; returns at once (see {@link #hosts}). */
    static BenchLatencyFleet start(BenchLatencyPlan plan, Path workDir, String bootstrap) {
        BenchLatencyFleet fleet = new BenchLatencyFleet();
        try {
            fleet.startCoordinator(plan, workDir, bootstrap);
            String id = String.format("%04x", new SecureRandom().nextInt(0x10000));
            for (int h = 1; h <= plan.hosts(); h++) {
                fleet.startHost(plan, workDir, bootstrap, "h" + h, "fblat-" + id + "-h" + h);
            }
            return fleet;
        } catch (RuntimeException | IOException e) {
            fleet.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void startCoordinator(BenchLatencyPlan plan, Path workDir, String bootstrap) {
        Path dir = workDir.resolve("coordinator");
        Path conf = BenchCoordinatorFiles.write(
                dir, bootstrap, plan.partitions(), plan.coordinatorThreads(), plan.coordinatorSettings());
        coordinator = ChildJvm.start(
                "coordinator",
                plan.coordinatorJvm(),
                List.of("coordinator", "-c", conf.toString()),
                workDir.resolve("coordinator.log"));
        processes.add(coordinator);
    }

    private void startHost(BenchLatencyPlan plan, Path workDir, String bootstrap, String id, String namespace)
            throws IOException {
        Path dir = workDir.resolve(id);
        Path conf = BenchCoordinatorFiles.write(dir, bootstrap, plan.partitions(), plan.coordinatorThreads(), Map.of());
        Path log = dir.resolve("fail.log");
        Files.createFile(log);
        Files.write(
                dir.resolve("fail2ban/jail.d/bench.local"),
                List.of("[" + OffensePreload.JAIL + "]", "logpath = " + log));
        Map<String, String> shipper = new LinkedHashMap<>();
        shipper.put("host.id", id);
        shipper.put("state.dir", dir.resolve("shipper-state").toString());
        shipper.putAll(plan.shipperSettings());
        Map<String, String> enforcer = new LinkedHashMap<>();
        enforcer.put("host.id", id);
        enforcer.put("backend", plan.backend());
        if (plan.ipset()) {
            createNamespace(namespace);
            enforcer.put("firewall.netns", namespace);
        }
        enforcer.putAll(plan.enforcerSettings());
        List<String> sections = new ArrayList<>(List.of("[shipper]"));
        shipper.forEach((key, value) -> sections.add(key + " = " + value));
        sections.add("[enforcer]");
        enforcer.forEach((key, value) -> sections.add(key + " = " + value));
        Files.write(conf, sections, StandardOpenOption.APPEND);
        ChildJvm enforcerJvm = agent("enforcer", id, plan.enforcerJvm(), conf, workDir);
        processes.add(enforcerJvm);
        ChildJvm shipperJvm = agent("shipper", id, plan.shipperJvm(), conf, workDir);
        processes.add(shipperJvm);
        hosts.add(new Host(id, log, shipperJvm, enforcerJvm));
    }

    private void createNamespace(String namespace) {
        run(List.of("ip", "netns", "add", namespace));
        namespaces.add(namespace);
    }

    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** An agent as the units start it (through the launcher, with its role's options), or with the options given. */
    private static ChildJvm agent(String role, String id, List<String> jvmOptions, Path conf, Path workDir) {
        List<String> args = List.of(role, "-c", conf.toString());
        Path log = workDir.resolve(role + "-" + id + ".log");
        return jvmOptions.isEmpty()
                ? ChildJvm.launch(role + "-" + id, ChildJvm.defaultLauncher(), args, log)
                : ChildJvm.start(role + "-" + id, jvmOptions, args, log);
    }

    ChildJvm coordinator() {
        return coordinator;
    }

    /** Fails naming the process and its log when any of the fleet's JVMs has exited. */
    void requireAlive() {
        processes.forEach(ChildJvm::requireAlive);
    }

    /**
     * The bans each host's enforcer reported applied since the last call (read from its output), keyed by IP:
     * the instants it polled and applied them.
     */
    Map<String, List<AppliedLine>> newlyApplied() {
        Map<String, List<AppliedLine>> byHost = new LinkedHashMap<>();
        for (Host host : hosts) {
            Path log = host.enforcer().log();
            long from = logOffsets.getOrDefault(host.id(), 0L);
            List<AppliedLine> applied = new ArrayList<>();
            try {
                byte[] all = Files.readAllBytes(log);
                int end = lastNewline(all, (int) from);
                String text = new String(all, (int) from, end - (int) from, StandardCharsets.UTF_8);
                text.lines()
                        .forEach(line ->
                                AppliedLine.parse(line).filter(AppliedLine::ban).ifPresent(applied::add));
                logOffsets.put(host.id(), (long) end);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log, e);
            }
            byHost.put(host.id(), applied);
        }
        return byHost;
    }

    /** Index just past the last complete line at or after {@code from}: a half-written line waits for next time. */
    private static int lastNewline(byte[] bytes, int from) {
        for (int i = bytes.length - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }

    /** Stops the agents first (each enforcer removes its sets), then the coordinator, then the namespaces. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        for (String namespace : namespaces) {
            run(List.of("ip", "netns", "del", namespace));
        }
    }

    private static void run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
        }
    }
}
