package io.fleetban.enforcer.backend;

import java.util.List;

/** Exit code and output of one firewall tool run. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** One line for logs: the command, its exit code and the tool's own complaint. */
    public String describeFailure() {
        return String.join(" ", argv) + " exited " + exitCode + ": " + stderr.strip();
    }
}
