package io.fleetban.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code fleetban bench}: documented, repeatable benchmarks, one subcommand per component ({@code regex} now; the
 * coordinator and enforcer benchmarks join here as {@code bench coordinator} and {@code bench enforcer}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of fleetban's components against their fail2ban counterparts.",
        subcommands = {BenchRegexCommand.class, BenchCoordinatorCommand.class})
public final class BenchCommand {
}
