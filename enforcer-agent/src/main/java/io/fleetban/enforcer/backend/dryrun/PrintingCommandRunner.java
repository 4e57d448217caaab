package io.fleetban.enforcer.backend.dryrun;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints each command (and its stdin script) instead of running it, and answers as an empty firewall would:
 * checks ({@code -C}, {@code -S}, {@code list}) report "absent", everything else succeeds. So the dry run prints
 * exactly the commands a real run would issue on a fresh host.
 */
final class PrintingCommandRunner implements CommandRunner {

    private final PrintStream out;

    PrintingCommandRunner(PrintStream out) {
        this.out = out;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        out.println("  " + String.join(" ", argv) + (stdin.isEmpty() ? "" : " <<EOF"));
        if (!stdin.isEmpty()) {
            stdin.lines().forEach(line -> out.println("  " + line));
            out.println("  EOF");
        }
        return new CommandResult(argv, isCheck(argv) ? 1 : 0, "", "");
    }

    private static boolean isCheck(List<String> argv) {
        return argv.contains("-C") || argv.contains("-S") || argv.contains("list");
    }
}
