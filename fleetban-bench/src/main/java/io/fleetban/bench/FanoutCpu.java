package io.fleetban.bench;

import java.util.Locale;

/**
 * CPU time over one phase of {@code bench fanout} (user + system, in cores: CPU seconds per wall second) of the
 * broker, the coordinator and the JVMs of the simulated hosts: where the machine's cores went, which the latencies
 * alone do not say when the two cores are saturated.
 */
final class FanoutCpu {

    private final BenchBroker broker;
    private final ChildJvm coordinator;
    private final FanoutShards hosts;
    private final long wallStart = System.nanoTime();
    private final long brokerStart;
    private final long coordinatorStart;
    private final long hostsStart;

    private FanoutCpu(BenchBroker broker, ChildJvm coordinator, FanoutShards hosts) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.hosts = hosts;
        this.brokerStart = broker.cpuNanos();
        this.coordinatorStart = coordinator.cpuNanos();
        this.hostsStart = hosts.cpuNanos();
    }

    static FanoutCpu start(BenchBroker broker, ChildJvm coordinator, FanoutShards hosts) {
        return new FanoutCpu(broker, coordinator, hosts);
    }

    /** The hosts' JVMs' cores since {@link #start}. */
    double hostsCores() {
        return (hosts.cpuNanos() - hostsStart) / 1e9 / wallSeconds();
    }

    /** {@code cpu (cores): hosts' JVMs X, broker Y, coordinator Z}, since {@link #start}. */
    String line() {
        final double wall = wallSeconds();
        return String.format(
                Locale.ROOT,
                "cpu (cores): hosts' JVMs %.2f, broker %.2f, coordinator %.2f",
                (hosts.cpuNanos() - hostsStart) / 1e9 / wall,
                (broker.cpuNanos() - brokerStart) / 1e9 / wall,
                (coordinator.cpuNanos() - coordinatorStart) / 1e9 / wall);
    }

    private double wallSeconds() {
        return (System.nanoTime() - wallStart) / 1e9;
    }
}
