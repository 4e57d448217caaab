package io.fleetban.enforcer.backend.ipset;

import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    /** Queued by the reader when stdout ends: the process died. */
    private static final String ENDED = "";
    /** A command whose answer marks the end of a batch. */
    static final String BARRIER = "version";
    private static final String BARRIER_ANSWER = "protocol version";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private boolean unsupported;
    private int failures;
    private Process process;
    private BlockingQueue<String> answers;

    IpsetSession(CommandRunner runner) {
        this.runner = runner;
    }

    /** Applies {@code script} (lines of an ipset restore script); false when it must be applied another way. */
    boolean apply(String script) {
        if (unsupported || !started()) {
            return false;
        }
        try {
            final OutputStream in = process.getOutputStream();
            in.write((script + BARRIER + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            if (!awaitBarrier()) {
                return failed("no answer within " + ANSWER_TIMEOUT.toMillis() + " ms: " + pendingErrors().strip());
            }
            final String errors = pendingErrors();
            if (!errors.isEmpty()) {
                return failed("error reported, the batch is run as one restore: " + errors.strip());
            }
            failures = 0;
            return true;
        } catch (IOException e) {
            return failed(e.getMessage());
        }
    }

    private boolean failed(String why) {
        close();
        failures++;
        unsupported = failures >= MAX_FAILURES;
        LOG.warn("ipset session failed ({}){}", why, unsupported
                ? "; " + MAX_FAILURES + " times in a row, every batch is now one ipset restore" : "; restarting it");
        return false;
    }

    private boolean started() {
        if (process != null && process.isAlive()) {
            return true;
        }
        close();
        try {
            final Optional<Process> started = runner.startInteractive(ARGV);
            if (started.isEmpty()) {
                unsupported = true;
                return false;
            }
            process = started.get();
        } catch (FirewallException e) {
            return failed("cannot start: " + e.getMessage());
        }
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final InputStream stdout = process.getInputStream();
        answers = queue;
        final Thread reader = new Thread(() -> readAnswers(stdout, queue), "fleetban-ipset-session");
        reader.setDaemon(true);
        reader.start();
        return true;
    }

    /** Queues each stdout line that answers the barrier (the rest is ipset's prompt). */
    private static void readAnswers(InputStream stdout, BlockingQueue<String> answers) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(BARRIER_ANSWER)) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // The process ended or was closed: the next batch finds it dead and starts another.
            LOG.debug("ipset session output closed: {}", e.getMessage());
        }
        answers.add(ENDED);
    }

    private boolean awaitBarrier() throws IOException {
        try {
            final String answer = answers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return answer != null && !answer.equals(ENDED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ipset", e);
        }
    }

    /** What ipset wrote to stderr so far, without blocking: all of it precedes the barrier's answer. */
    private String pendingErrors() throws IOException {
        if (process == null) {
            return "";
        }
        final InputStream stderr = process.getErrorStream();
        final int available = stderr.available();
        return available == 0 ? "" : new String(stderr.readNBytes(available), StandardCharsets.UTF_8);
    }

    /** Ends the process (it is started again by the next batch). */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }
}
