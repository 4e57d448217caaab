package io.fleetban.enforcer.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs one firewall tool. Every backend reaches the system only through this, so unit tests can record
 * the exact argument vectors and scripts without root, and namespace tests can run them in a namespace.
 */
public interface CommandRunner {

    /**
     * Runs {@code argv} (never through a shell) with {@code stdin} as standard input (empty for none) and waits.
     *
     * @throws FirewallException when the process cannot be started or does not finish in time;
     *         a non-zero exit code is returned, not thrown, because some calls are checks ({@code iptables -C})
     */
    CommandResult run(List<String> argv, String stdin) throws FirewallException;

    /** Writes a command's standard input as it produces it, whole lines per append. */
    @FunctionalInterface
    interface Script {
        void writeTo(Appendable stdin) throws IOException;
    }

    /**
     * Runs {@code argv} with the standard input {@code script} writes, streamed to the process as it is produced:
     * the tool works on the first lines (on another core) while the rest are rendered. This default, for runners
     * that only record or print, collects the whole text and calls {@link #run(List, String)}.
     */
    default CommandResult run(List<String> argv, Script script) throws FirewallException {
        final StringBuilder text = new StringBuilder();
        try {
            script.writeTo(text);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return run(argv, text.toString());
    }

    /**
     * Starts {@code argv} as a long-lived process fed line by line on its standard input ({@code ipset -}), with
     * stdout and stderr piped; empty when this runner only runs whole commands (unit tests' recorders, the dry
     * run): the caller then uses {@link #run}.
     *
     * @throws FirewallException when the process cannot be started
     */
    default Optional<Process> startInteractive(List<String> argv) throws FirewallException {
        return Optional.empty();
    }

    /** Runs {@code argv} and fails unless it exits 0. */
    default CommandResult runChecked(List<String> argv, String stdin) throws FirewallException {
        return checked(run(argv, stdin));
    }

    /** Runs {@code argv} with a streamed standard input and fails unless it exits 0. */
    default CommandResult runChecked(List<String> argv, Script script) throws FirewallException {
        return checked(run(argv, script));
    }

    private static CommandResult checked(CommandResult result) throws FirewallException {
        if (result.exitCode() != 0) {
            throw new FirewallException(result.describeFailure());
        }
        return result;
    }
}
