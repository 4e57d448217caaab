package io.fleetban.enforcer.backend;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs firewall tools as child processes with argument vectors, never through a shell. */
public final class ProcessCommandRunner implements CommandRunner {

    /**
     * Own daemon threads drain stdout and stderr: the common ForkJoinPool has a single thread on a 2-core host,
     * where two blocking reads queued behind each other could dead-lock with a tool filling its stderr pipe.
     */
    private static final ExecutorService STREAM_READERS = Executors.newCachedThreadPool(task -> {
        final Thread thread = new Thread(task, "fleetban-command-output");
        thread.setDaemon(true);
        return thread;
    });

    /** A pipe's capacity: each write fills it at once while the tool reads. */
    private static final int STDIN_BUFFER_CHARS = 64 * 1024;

    private final Duration timeout;

    public ProcessCommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) throws FirewallException {
        return run(argv, (Script) in -> in.append(stdin));
    }

    @Override
    public CommandResult run(List<String> argv, Script script) throws FirewallException {
        final Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new FirewallException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        // Drain both streams while writing stdin: a large ipset restore script must not dead-lock on full pipes.
        final CompletableFuture<String> out =
                CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), STREAM_READERS);
        final CompletableFuture<String> err =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), STREAM_READERS);
        writeStdin(process, argv, script);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FirewallException(String.join(" ", argv) + " did not finish within " + timeout);
            }
            return new CommandResult(argv, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FirewallException("interrupted while running " + argv.get(0), e);
        } catch (ExecutionException e) {
            throw new FirewallException("cannot read output of " + argv.get(0), e.getCause());
        }
    }

    /**
     * Streams the script into the process. When writing it fails half-way the process is killed before its stdin
     * is closed: closing would hand the tool a script cut short, which it would apply as if complete.
     */
    private static void writeStdin(Process process, List<String> argv, Script script) throws FirewallException {
        final Writer in = new BufferedWriter(
                new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), STDIN_BUFFER_CHARS);
        try {
            script.writeTo(in);
            in.close();
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new FirewallException("cannot write to " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Process> startInteractive(List<String> argv) throws FirewallException {
        try {
            return Optional.of(new ProcessBuilder(argv).start());
        } catch (IOException e) {
            throw new FirewallException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
