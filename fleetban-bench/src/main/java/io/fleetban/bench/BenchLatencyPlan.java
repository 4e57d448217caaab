package io.fleetban.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code fleetban bench latency} run does, validated once from the command line.
 *
 * @param hosts               hosts, each a shipper and an enforcer JVM
 * @param bans                measured bans, one fresh attacker IP each
 * @param warmup              bans before them, not counted (JIT warm-up, first fetch sessions)
 * @param rate                attackers started per second (open loop: the next one does not wait for a ban)
 * @param lineGap             time between an attacker's lines
 * @param backend             enforcer backend, {@code dry-run} or {@code ipset}
 * @param partitions          partitions of the fleetban topics
 * @param coordinatorThreads  the coordinator's num.stream.threads
 * @param coordinatorJvm      JVM options of the coordinator
 * @param shipperJvm          JVM options of each shipper
 * @param enforcerJvm         JVM options of each enforcer
 * @param coordinatorSettings extra {@code [coordinator]} keys of fleetban.conf
 * @param shipperSettings     extra {@code [shipper]} keys
 * @param enforcerSettings    extra {@code [enforcer]} keys
 * @param drainTimeout        how long the bans still in flight after the last attack may take
 */
record BenchLatencyPlan(
        int hosts,
        int bans,
        int warmup,
        double rate,
        Duration lineGap,
        String backend,
        int partitions,
        int coordinatorThreads,
        List<String> coordinatorJvm,
        List<String> shipperJvm,
        List<String> enforcerJvm,
        Map<String, String> coordinatorSettings,
        Map<String, String> shipperSettings,
        Map<String, String> enforcerSettings,
        Duration drainTimeout) {

    static final Set<String> BACKENDS = Set.of("dry-run", "ipset");
    static final int MAX_HOSTS = 32;

    BenchLatencyPlan {
        require(hosts >= 1 && hosts <= MAX_HOSTS, "--hosts must be 1.." + MAX_HOSTS);
        require(
                bans >= 1 && warmup >= 0 && bans + warmup + BenchLatencyCommand.READY_TRIES <= BenchAddresses.MAX_TRIES,
                "need --bans >= 1, --warmup >= 0 and --bans + --warmup <= "
                        + (BenchAddresses.MAX_TRIES - BenchLatencyCommand.READY_TRIES));
        require(rate > 0 && rate <= 1000, "--rate must be > 0 and <= 1000 attackers per second");
        require(
                !lineGap.isNegative() && lineGap.compareTo(Duration.ofSeconds(1)) <= 0,
                "--line-gap-ms must be 0..1000");
        require(
                BACKENDS.contains(backend),
                "--backend must be one of " + BACKENDS.stream().sorted().toList());
        require(partitions >= 1 && coordinatorThreads >= 1, "--partitions and --coordinator-threads must be >= 1");
        require(!drainTimeout.isNegative() && !drainTimeout.isZero(), "--timeout must be > 0");
        coordinatorJvm = nonBlank(coordinatorJvm);
        shipperJvm = nonBlank(shipperJvm);
        enforcerJvm = nonBlank(enforcerJvm);
        coordinatorSettings = Map.copyOf(coordinatorSettings);
        shipperSettings = Map.copyOf(shipperSettings);
        enforcerSettings = Map.copyOf(enforcerSettings);
        require(
                !enforcerSettings.containsKey("host.id")
                        && !enforcerSettings.containsKey("backend")
                        && !enforcerSettings.containsKey("firewall.netns")
                        && !shipperSettings.containsKey("host.id"),
                "host.id, backend and firewall.netns are set per host by the benchmark");
    }

    boolean ipset() {
        return backend.equals("ipset");
    }

    /** Time between two attackers. */
    Duration interval() {
        return Duration.ofNanos(Math.round(1e9 / rate));
    }

    private static List<String> nonBlank(List<String> options) {
        return options.stream().filter(option -> !option.isBlank()).toList();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
