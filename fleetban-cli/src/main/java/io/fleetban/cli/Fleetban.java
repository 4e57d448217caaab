package io.fleetban.cli;

import io.fleetban.fail2ban.ConfigException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fleetban} command. Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
 * Only {@link #main} exits the JVM; every subcommand returns its code so tests can call {@link #run}.
 */
@Command(
        name = "fleetban",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Fleet-wide fail2ban on Apache Kafka.")
public final class Fleetban {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    /**
     * The subcommands, in the order help lists them. picocli reads every registered command's annotations (and loads
     * its option types) when the root is built; a command line naming one subcommand registers only that one, which
     * keeps short runs such as {@code fleetban regex} from paying for all of them at start.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        final Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("demo", DemoCommand::new);
        commands.put("broker", BrokerCommand::new);
        commands.put("coordinator", CoordinatorCommand::new);
        commands.put("shipper", ShipperCommand::new);
        commands.put("enforcer", EnforcerCommand::new);
        commands.put("client", ClientCommand::new);
        commands.put("check", CheckCommand::new);
        commands.put("config", ConfigCommand::new);
        commands.put("import-fail2ban", ImportFail2banCommand::new);
        commands.put("demo-app", DemoAppCommand::new);
        commands.put("probe", ProbeCommand::new);
        commands.put("topics", TopicsCommand::new);
        commands.put("regex", RegexCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    public static void main(String... args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with picocli's usage and error output going to the given writers (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        final CommandLine root = new CommandLine(new Fleetban());
        final Supplier<Object> named = args.length > 0 && !"help".equals(args[0]) ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            root.addSubcommand(args[0], named.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> root.addSubcommand(name, command.get()));
        }
        return execute(root, out, err, args);
    }

    /**
     * Runs {@code command} (fleetban's top command, or another top command built on the same jars, such as the
     * benchmarks of a source checkout) with fleetban's error handling and exit codes.
     */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        return execute(new CommandLine(command), out, err, args);
    }

    private static int execute(CommandLine command, PrintWriter out, PrintWriter err, String... args) {
        return command.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(
                        true) // fail2ban-client takes "bantime", picocli's enums are upper case
                .setExecutionExceptionHandler(Fleetban::reportFailure)
                .execute(args);
    }

    /** Expected failures print one line, the way Kafka's tools treat a TerseException; others get the stack trace too. */
    private static int reportFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cmd.getErr().println("fleetban: configuration error: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (e instanceof UserFacingException) {
            cmd.getErr().println("fleetban: " + e.getMessage());
            return ((UserFacingException) e).exitCode();
        }
        cmd.getErr().println("fleetban: " + e);
        e.printStackTrace(cmd.getErr());
        return EXIT_FAILURE;
    }
}
