package io.fleetban.enforcer.backend;

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
 * One firewall tool kept running in its interactive mode ({@code ipset -}, {@code nft -i}, under {@code stdbuf -oL}
 * so its answers are not held in stdio's pipe buffer), fed a few lines at a time: a pipe write instead of a process
 * start (from the JVM, and under {@code ip netns exec}, a start costs far more than the tool's own work). After each
 * exchange a barrier command is sent whose answer is awaited on stdout: the tool runs lines in order, so that answer
 * means every line before it ran, and whatever those lines wrote to stderr (unbuffered) is already in its pipe. The
 * commands are fixed texts built from names fleetban validated; no decision's data reaches a shell.
 *
 * <p>Not thread-safe: used from the enforcer's decision thread only.
 */
public final class ToolSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToolSession.class);
    /** Queued by the reader when stdout ends: the process died. */
    private static final String ENDED = "\0ended";

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final List<String> argv;
    private final String barrier;
    private final String barrierAnswer;
    private Process process;
    private BlockingQueue<String> lines;

    /**
     * @param argv          the interactive tool, e.g. {@code stdbuf -oL nft -i}
     * @param barrier       a harmless command with an answer on stdout, e.g. {@code version}
     * @param barrierAnswer text only the barrier's answer line contains
     */
    public ToolSession(CommandRunner runner, List<String> argv, String barrier, String barrierAnswer) {
        this.runner = runner;
        this.argv = List.copyOf(argv);
        this.barrier = barrier;
        this.barrierAnswer = barrierAnswer;
    }

    /** What the tool wrote while running one exchange's lines. */
    public record Answer(String stdout, String stderr) {}

    /**
     * Sends {@code commands} (whole lines) and the barrier, and waits for the barrier's answer; empty when this
     * runner cannot keep a tool running (unit tests' recorders, the dry run). The tool is started on first use and
     * again after it died.
     *
     * @throws FirewallException when the tool cannot be started, dies or gives no answer in time (it is then
     *         stopped, and started again by the next exchange)
     */
    public Optional<Answer> exchange(String commands) throws FirewallException {
        if (!started()) {
            return Optional.empty();
        }
        try {
            final OutputStream in = process.getOutputStream();
            in.write((commands + barrier + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            final StringBuilder out = new StringBuilder();
            for (String line = next(); !line.contains(barrierAnswer); line = next()) {
                if (line.equals(ENDED)) {
                    throw new IOException(argv + " ended: " + pendingErrors().strip());
                }
                out.append(line).append('\n');
            }
            return Optional.of(new Answer(out.toString(), pendingErrors()));
        } catch (IOException e) {
            close();
            throw new FirewallException(String.join(" ", argv) + ": " + e.getMessage(), e);
        }
    }

    private String next() throws IOException {
        try {
            final String line = lines.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException("no answer within " + ANSWER_TIMEOUT.toMillis() + " ms");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + argv.get(argv.size() - 1), e);
        }
    }

    private boolean started() throws FirewallException {
        if (process != null && process.isAlive()) {
            return true;
        }
        close();
        final Optional<Process> started = runner.startInteractive(argv);
        if (started.isEmpty()) {
            return false;
        }
        process = started.get();
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final InputStream stdout = process.getInputStream();
        lines = queue;
        final Thread reader = new Thread(() -> readLines(stdout, queue), "fleetban-tool-session");
        reader.setDaemon(true);
        reader.start();
        return true;
    }

    private static void readLines(InputStream stdout, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process ended or was closed: the next exchange finds it dead and starts another.
            LOG.debug("tool session output closed: {}", e.getMessage());
        }
        lines.add(ENDED);
    }

    /** What the tool wrote to stderr so far, without blocking. */
    private String pendingErrors() throws IOException {
        final InputStream stderr = process.getErrorStream();
        final int available = stderr.available();
        return available == 0 ? "" : new String(stderr.readNBytes(available), StandardCharsets.UTF_8);
    }

    /** Ends the process (it is started again by the next exchange). */
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
