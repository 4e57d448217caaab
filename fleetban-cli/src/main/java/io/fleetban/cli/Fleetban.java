package io.fleetban.cli;

import java.io.PrintWriter;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.wire.AvroTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fleetban} command. Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
 * Only {@link #main} exits the JVM; every subcommand returns its code so tests can call {@link #run}.
 */
@Command(name = "fleetban", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Fleet-wide fail2ban on Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            BrokerCommand.class,
            CoordinatorCommand.class,
            ShipperCommand.class,
            EnforcerCommand.class,
            ClientCommand.class,
            CheckCommand.class,
            ImportFail2banCommand.class,
            DemoAppCommand.class,
            ProbeCommand.class,
            TopicsCommand.class,
            RegexCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Fleetban {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    public static void main(String... args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with picocli's usage and error output going to the given writers (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(new Fleetban(), out, err, args);
    }

    /**
     * Runs {@code command} (fleetban's top command, or another top command built on the same jars, such as the
     * benchmarks of a source checkout) with fleetban's error handling and exit codes.
     */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        AvroTrust.trustFleetbanClasses();
        return new CommandLine(command)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true) // fail2ban-client takes "bantime", picocli's enums are upper case
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
