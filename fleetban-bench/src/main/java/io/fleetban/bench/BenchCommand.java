package io.fleetban.bench;

import io.fleetban.cli.Fleetban;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code fleetban bench}: documented, repeatable benchmarks, one subcommand per component: {@code regex} (filter
 * engine vs fail2ban-regex), {@code coordinator} (exactly-once rate and ban latency), {@code enforcer} (100,000 bans),
 * {@code footprint} (memory of the two agents), {@code fanout} (one coordinator's bans reaching many enforcer hosts).
 * They ship in no package: {@code bin/fleetban bench ...} runs them from a source checkout's {@code fleetban-bench}.
 */
@Command(
        name = "fleetban bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks of fleetban's components against their fail2ban counterparts.",
        subcommands = {
            BenchRegexCommand.class,
            BenchCoordinatorCommand.class,
            BenchEnforcerCommand.class,
            BenchShipperCommand.class,
            BenchLatencyCommand.class,
            BenchFootprintCommand.class,
            BenchFanoutCommand.class
        })
public final class BenchCommand {

    public static void main(String... args) {
        System.exit(Fleetban.execute(
                new BenchCommand(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}
