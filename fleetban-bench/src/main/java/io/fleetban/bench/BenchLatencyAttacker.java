package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends one attacker's failures to a host's log, as the tutorial's app logs them
 * ({@code YYYY-MM-DD HH:MM:SS - IP: <ip> - User-Agent: <ua>}): {@code maxretry} lines, {@code lineGap} apart (an
 * attacker's requests follow each other), the last one marked {@link BenchLatencyObserver#CROSSING_MARK}. Each
 * line is one {@code write} to a file opened for appending, as a logging app does; the clock of a ban starts when
 * the crossing line's write returned.
 */
final class BenchLatencyAttacker {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final int maxRetry;
    private final long lineGapNanos;

    BenchLatencyAttacker(int maxRetry, long lineGapNanos) {
        this.maxRetry = maxRetry;
        this.lineGapNanos = lineGapNanos;
    }

    /** Writes {@code ip}'s failures to {@code log}; returns when the crossing line was appended. */
    Instant attack(Path log, String ip) {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            Instant appended = null;
            for (int attempt = 1; attempt <= maxRetry; attempt++) {
                if (attempt > 1 && lineGapNanos > 0) {
                    LockSupport.parkNanos(lineGapNanos);
                }
                ByteBuffer line = ByteBuffer.wrap(line(ip, attempt).getBytes(StandardCharsets.UTF_8));
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                appended = Instant.now();
            }
            return appended;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + log, e);
        }
    }

    /** The log line of {@code ip}'s {@code attempt}-th failure, newline included. */
    String line(String ip, int attempt) {
        String agent = attempt == maxRetry ? BenchLatencyObserver.CROSSING_MARK : "bench-attempt-" + attempt;
        return TIME.format(LocalDateTime.now()) + " - IP: " + ip + " - User-Agent: " + agent + "\n";
    }
}
