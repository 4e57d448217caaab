package io.fleetban.cli;

import io.fleetban.cli.config.ConfigTable;
import io.fleetban.cli.config.EffectiveConfig;
import io.fleetban.fail2ban.ini.IniFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleetban config}: fleetban.conf as the agents read it, and the reference of its keys. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Show fleetban.conf's effective settings.",
        subcommands = {ConfigCommand.Print.class, ConfigCommand.Doc.class})
final class ConfigCommand {

    @Command(
            name = "print",
            mixinStandardHelpOptions = true,
            description = "Print every key of every section with its effective value and where it came from "
                    + "(default, file:line, or an agent's [<agent>.kafka] override); credentials are masked.")
    static final class Print implements Callable<Integer> {

        @Mixin
        ConfigFileOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            EffectiveConfig.lines(config.load(IniFile::read))
                    .forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return Fleetban.EXIT_OK;
        }
    }

    @Command(
            name = "doc",
            mixinStandardHelpOptions = true,
            description = "Print README's configuration table (Markdown), generated from the key definitions.")
    static final class Doc implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(ConfigTable.markdown());
            spec.commandLine().getOut().flush();
            return Fleetban.EXIT_OK;
        }
    }
}
