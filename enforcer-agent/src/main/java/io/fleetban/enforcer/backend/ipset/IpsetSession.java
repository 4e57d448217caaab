package io.fleetban.enforcer.backend.ipset;

import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.ToolSession;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived {@code ipset -exist -} (ipset's interactive mode, under {@code stdbuf -oL} so its answers are not
 * held in stdio's pipe buffer) that applies each batch's lines as they arrive,
 * so a ban costs a pipe write and a netlink call instead of starting a process (starting one from the JVM per batch
 * is slow on a loaded host). After each batch a {@code version} command is sent
 * and its answer awaited on stdout: ipset runs lines in order, so the answer means every line before it is in the
 * kernel, and any error those lines caused is already in the stderr pipe. A batch with an error, no answer in time
 * or a dead process is reported as not applied; the caller then runs the batch as one {@code ipset restore}, which
 * either applies it or fails with ipset's own message, and the next batch starts a fresh process. After
 * {@value #MAX_FAILURES} failed sessions in a row (no stdbuf, an ipset without interactive mode) every batch is
 * one restore.
 *
 * <p>Not thread-safe: used from the enforcer's decision thread only.
 */
final class IpsetSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IpsetSession.class);
    static final List<String> ARGV = List.of("stdbuf", "-oL", "ipset", "-exist", "-");
    static final int MAX_FAILURES = 3;
    /** A command whose answer marks the end of a batch. */
    static final String BARRIER = "version";

    private static final String BARRIER_ANSWER = "protocol version";

    private final ToolSession tool;
    private boolean unsupported;
    private int failures;

    IpsetSession(CommandRunner runner) {
        this.tool = new ToolSession(runner, ARGV, BARRIER, BARRIER_ANSWER);
    }

    /** Applies {@code script} (lines of an ipset restore script); false when it must be applied another way. */
    boolean apply(String script) {
        final Optional<String> errors = run(script);
        if (errors.isEmpty()) {
            return false;
        }
        if (!errors.get().isEmpty()) {
            return failed("error reported, the batch is run as one restore: "
                    + errors.get().strip());
        }
        failures = 0;
        return true;
    }

    /**
     * Runs {@code commands} (e.g. {@code test} lines, which answer on stderr whether they pass or not) and returns
     * what ipset wrote to stderr; empty when the session is unavailable.
     */
    Optional<String> run(String commands) {
        if (unsupported) {
            return Optional.empty();
        }
        try {
            final Optional<ToolSession.Answer> answer = tool.exchange(commands);
            if (answer.isEmpty()) {
                unsupported = true;
                return Optional.empty();
            }
            return Optional.of(answer.get().stderr());
        } catch (FirewallException e) {
            failed(e.getMessage());
            return Optional.empty();
        }
    }

    private boolean failed(String why) {
        tool.close();
        failures++;
        unsupported = failures >= MAX_FAILURES;
        LOG.warn(
                "ipset session failed ({}){}",
                why,
                unsupported
                        ? "; " + MAX_FAILURES + " times in a row, every batch is now one ipset restore"
                        : "; restarting it");
        return false;
    }

    /** Ends the process (it is started again by the next batch). */
    @Override
    public void close() {
        tool.close();
    }
}
