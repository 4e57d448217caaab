package io.fleetban.bench;

import java.util.Locale;

/**
 * CPU time over one phase of {@code bench fanout} (user + system, in cores: CPU seconds per wall second) of the
 * broker, the coordinator and this JVM, which runs the simulated hosts: where the machine's cores went, which the
 * latencies alone do not say when the two cores are saturated.
 */
final class FanoutCpu {

    private final BenchBroker broker;
    private final ChildJvm coordinator;
    private final long wallStart = System.nanoTime();
    private final long brokerStart;
    private final long coordinatorStart;
    private final long hostsStart;

    private FanoutCpu(BenchBroker broker, ChildJvm coordinator) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.brokerStart = broker.cpuNanos();
        this.coordinatorStart = coordinator.cpuNanos();
        this.hostsStart = FanoutMeasures.cpuNanos();
    }

    static FanoutCpu start(BenchBroker broker, ChildJvm coordinator) {
        return new FanoutCpu(broker, coordinator);
    }

    /** The hosts' JVM's cores since {@link #start}. */
    double hostsCores() {
        return (FanoutMeasures.cpuNanos() - hostsStart) / 1e9 / wallSeconds();
    }

    /** {@code cpu (cores): hosts' JVM X, broker Y, coordinator Z}, since {@link #start}. */
    String line() {
        final double wall = wallSeconds();
        return String.format(
                Locale.ROOT,
                "cpu (cores): hosts' JVM %.2f, broker %.2f, coordinator %.2f",
                (FanoutMeasures.cpuNanos() - hostsStart) / 1e9 / wall,
                (broker.cpuNanos() - brokerStart) / 1e9 / wall,
                (coordinator.cpuNanos() - coordinatorStart) / 1e9 / wall);
    }

    private double wallSeconds() {
        return (System.nanoTime() - wallStart) / 1e9;
    }
}
