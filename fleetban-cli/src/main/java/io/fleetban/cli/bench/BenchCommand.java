package io.fleetban.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code fleetban bench}: documented, repeatable benchmarks, one subcommand per component: {@code regex} (filter
 * engine vs fail2ban-regex), {@code coordinator} (exactly-once rate and ban latency), {@code enforcer} (100,000 bans),
 * {@code fanout} (one coordinator's bans reaching many enforcer hosts).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of fleetban's components against their fail2ban counterparts.",
        subcommands = {BenchRegexCommand.class, BenchCoordinatorCommand.class, BenchEnforcerCommand.class,
            BenchShipperCommand.class, BenchLatencyCommand.class, BenchFanoutCommand.class})
public final class BenchCommand {
}
