package io.fleetban.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time each role of the fleet used during the measured bans (user + system, from {@code /proc/<pid>/stat}),
 * summed over its processes: what a setting costs (an idle consumer's fetch loop, a shorter commit interval) shows
 * here even when the machine's other load hides it in the latencies.
 */
final class BenchLatencyCpu {

    private final BenchBroker broker;
    private final long brokerStart;
    private final Map<String, List<ChildJvm>> roles;
    private final Map<String, Long> startNanos = new LinkedHashMap<>();
    private final long wallStart = System.nanoTime();

    private BenchLatencyCpu(BenchBroker broker, Map<String, List<ChildJvm>> roles) {
        this.broker = broker;
        this.brokerStart = broker.cpuNanos();
        this.roles = roles;
        roles.forEach((role, processes) -> startNanos.put(role, cpuNanos(processes)));
    }

    static BenchLatencyCpu start(BenchLatencyFleet fleet, BenchBroker broker) {
        Map<String, List<ChildJvm>> roles = new LinkedHashMap<>();
        roles.put("coordinator", List.of(fleet.coordinator()));
        List<ChildJvm> shippers = new ArrayList<>();
        List<ChildJvm> enforcers = new ArrayList<>();
        fleet.hosts().forEach(host -> {
            shippers.add(host.shipper());
            enforcers.add(host.enforcer());
        });
        roles.put("shippers", shippers);
        roles.put("enforcers", enforcers);
        return new BenchLatencyCpu(broker, roles);
    }

    /** One line: each role's CPU in cores (CPU seconds per wall second) over the measured bans. */
    String stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        StringBuilder line =
                new StringBuilder(String.format(Locale.ROOT, "cpu over the measured %.1f s (cores):", wall));
        line.append(String.format(Locale.ROOT, " broker %.2f", (broker.cpuNanos() - brokerStart) / 1e9 / wall));
        roles.forEach((role, processes) -> line.append(String.format(
                Locale.ROOT, ", %s %.2f", role, (cpuNanos(processes) - startNanos.get(role)) / 1e9 / wall)));
        return line.append("; load ").append(LoadAverage.read()).toString();
    }

    private static long cpuNanos(List<ChildJvm> processes) {
        return processes.stream().mapToLong(ChildJvm::cpuNanos).sum();
    }
}
