package io.fleetban.shipper.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one jail's part of the systemd journal through a {@code journalctl -o json -f} child process and hands
 * each entry to a {@link JournalSink}, on a thread of its own.
 *
 * <p>journalctl may die (journald restarted, journal files vacuumed, killed by an operator): it is started again
 * after the last entry read, with a backoff doubling from {@link #MIN_BACKOFF} to {@link #MAX_BACKOFF} so a
 * journalctl that fails at once does not spin; every exit is logged with its status.
 */
public final class JournalFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournalFollower.class);
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String jail;
    private final JournalCommand command;
    private final JournalPosition position;
    private final JournalSink sink;
    private final Clock clock;
    private final JournalEntryParser parser = new JournalEntryParser();
    private final AtomicLong unparsedLines = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final Object lock = new Object();
    private Instant startedAt;
    private Thread thread;
    private Process process;
    private volatile boolean running;

    /**
     * @param jail     the jail, for log lines and the thread name
     * @param command  the journalctl command with the jail's journalmatch
     * @param position where to start (the saved cursor) and where acknowledgements are tracked
     * @param sink     receives each entry in journal order
     */
    public JournalFollower(
            String jail, JournalCommand command, JournalPosition position, JournalSink sink, Clock clock) {
        this.jail = Objects.requireNonNull(jail, "jail");
        this.command = Objects.requireNonNull(command, "command");
        this.position = Objects.requireNonNull(position, "position");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts journalctl and the reading thread. */
    public void start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("already started");
            }
            startedAt = clock.instant();
            running = true;
            thread = new Thread(this::followLoop, "fleetban-journal-" + jail);
            thread.start();
        }
    }

    /** The jail this follower reads for. */
    public String jail() {
        return jail;
    }

    /** The position of this journal: its committed cursor is what the agent saves. */
    public JournalPosition position() {
        return position;
    }

    /** Lines journalctl printed that were no journal entry (logged, skipped). */
    public long unparsedLines() {
        return unparsedLines.get();
    }

    /** How often journalctl was started again after it exited. */
    public long restarts() {
        return restarts.get();
    }

    private void followLoop() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            long runStart = System.nanoTime();
            try {
                int status = runOnce();
                if (running) {
                    log.warn(
                            "jail={} journalctl exited with status {}, restarting in {} ms",
                            jail,
                            status,
                            backoff.toMillis());
                }
            } catch (IOException | RuntimeException e) {
                // A sink or parser bug must not end the follower thread silently: log it and start again.
                if (running) {
                    log.error(
                            "jail={} cannot run {}: {}; retrying in {} ms",
                            jail,
                            command,
                            e.getMessage(),
                            backoff.toMillis(),
                            e);
                }
            }
            if (!running) {
                return;
            }
            restarts.incrementAndGet();
            // A journalctl that ran longer than the longest wait was healthy: start again quickly.
            backoff = System.nanoTime() - runStart > MAX_BACKOFF.toNanos() ? MIN_BACKOFF : backoff;
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private int runOnce() throws IOException {
        Optional<String> cursor = position.lastReadCursor();
        List<String> arguments = command.arguments(
                cursor, cursor.isPresent() || restarts.get() == 0 ? Optional.empty() : Optional.of(startedAt));
        Process started = new ProcessBuilder(arguments).start();
        started.getOutputStream().close();
        synchronized (lock) {
            process = started;
            if (!running) {
                started.destroy();
            }
        }
        log.info("jail={} following the journal: {}", jail, arguments);
        Thread errors = new Thread(() -> logErrors(started.getErrorStream()), "fleetban-journal-" + jail + "-stderr");
        errors.setDaemon(true);
        errors.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                accept(line);
            }
        }
        try {
            return started.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return -1;
        }
    }

    private void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        JournalEntry entry;
        try {
            entry = parser.parse(line);
        } catch (IllegalArgumentException e) {
            unparsedLines.incrementAndGet();
            log.warn(
                    "jail={} skipped a journalctl line that is no journal entry ({}): {}",
                    jail,
                    e.getMessage(),
                    line.length() > 200 ? line.substring(0, 200) + "..." : line);
            return;
        }
        sink.accept(position.read(entry));
    }

    private void logErrors(InputStream stderr) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                log.warn("jail={} journalctl: {}", jail, line);
            }
        } catch (IOException e) {
            log.debug("jail={} journalctl's error output closed: {}", jail, e.getMessage());
        }
    }

    private void pause(Duration duration) {
        synchronized (lock) {
            long deadline = System.nanoTime() + duration.toNanos();
            for (long left = duration.toNanos(); running && left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** Stops journalctl and waits for the reading thread; entries already handed to the sink stay its business. */
    @Override
    public void close() {
        Thread reading;
        synchronized (lock) {
            running = false;
            lock.notifyAll();
            if (process != null) {
                process.destroy();
            }
            reading = thread;
        }
        if (reading == null) {
            return;
        }
        try {
            reading.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
