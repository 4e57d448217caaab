package io.fleetban.enforcer.backend.dryrun;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints each command (and its stdin script) instead of running it. Checks ({@code iptables -S/-C},
 * {@code ipset list -n}) are answered from what the printed commands would have created, starting from an empty
 * firewall, so the dry run prints exactly the commands a real run would issue on a fresh host, at start and at
 * shutdown.
 */
final class PrintingCommandRunner implements CommandRunner {

    private final PrintStream out;
    /** "iptables chain fleetban", "ip6tables jump fleetban", "ipset fleetban-fail-v4" ... */
    private final Set<String> created = new HashSet<>();

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
        return new CommandResult(argv, simulate(argv) ? 0 : 1, "", "");
    }

    /** Updates the simulated firewall; false when a check finds nothing. */
    private boolean simulate(List<String> argv) {
        final String tool = argv.get(0);
        final String last = argv.get(argv.size() - 1);
        if (tool.equals("ipset")) {
            final int verb = argv.size() > 2 && argv.get(1).equals("-exist") ? 2 : 1;
            return switch (argv.get(verb)) {
                case "create" -> {
                    created.add("ipset " + argv.get(verb + 1));
                    yield true;
                }
                case "list" -> created.contains("ipset " + last);
                case "destroy" -> created.remove("ipset " + last);
                default -> true;
            };
        }
        if (argv.contains("-S")) {
            return created.contains(tool + " chain " + last);
        }
        if (argv.contains("-N")) {
            return created.add(tool + " chain " + last);
        }
        if (argv.contains("-X")) {
            return created.remove(tool + " chain " + last);
        }
        if (argv.contains("-C")) {
            return created.contains(tool + " jump " + last);
        }
        if (argv.contains("-I")) {
            return created.add(tool + " jump " + last);
        }
        if (argv.contains("-D")) {
            return created.remove(tool + " jump " + last);
        }
        return true;
    }
}
