package io.fleetban.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds where the lines inside a jail's {@code findtime} start in a log that exists at first start, without reading
 * what comes before: a binary search over the file by the dates of the lines found at sampled offsets, as log files
 * are written in time order. Each probe reads at most {@value #PROBE_BYTES} bytes, so a 1 GiB log costs about 15
 * probes, not a scan. The result is only a starting point: lines are still checked one by one against findtime
 * when they are published.
 *
 * <p>Falls back to the beginning of the file (a full read, every line checked by its date) when the dates say the
 * search cannot be trusted: a probe finds no dated line, or sampled dates go backwards by more than
 * {@value #SLACK_SECONDS} s (a log whose lines are not in time order). Reading too much costs time; starting too late
 * would forget an attack.
 */
final class FindtimeSeek {

    /** Bytes one probe reads; a probe needs one complete dated line in them. */
    static final int PROBE_BYTES = 64 * 1024;
    /** How far out of order a log's lines may be (several writers, each stamping before writing). */
    static final long SLACK_SECONDS = 10;

    private static final Duration SLACK = Duration.ofSeconds(SLACK_SECONDS);

    /** Where to start, and why (for the start-up log line). */
    record Start(long offset, String reason) {}

    private record Dated(long lineStart, long nextOffset, Instant time) {}

    private final FileChannel channel;
    private final long size;
    private final LineTimes times;
    private final TailCounters counters;
    private final ByteBuffer buffer = ByteBuffer.allocate(PROBE_BYTES + 1);

    private FindtimeSeek(FileChannel channel, long size, LineTimes times, TailCounters counters) {
        this.channel = channel;
        this.size = size;
        this.times = times;
        this.counters = counters;
    }

    /** The offset of a line start at or before the first line dated at or after {@code now - findTime}. */
    static Start find(FileChannel channel, long size, Instant now, StartWindow window, TailCounters counters)
            throws IOException {
        if (size == 0) {
            return new Start(0, "empty file");
        }
        Instant since = now.minus(window.findTime()).minus(SLACK);
        return new FindtimeSeek(channel, size, window.times().get(), counters).search(since);
    }

    private Start search(Instant since) throws IOException {
        Optional<Dated> first = firstDatedFrom(0);
        if (first.isEmpty()) {
            return new Start(0, "no dated line at the start of the file: reading all of it");
        }
        if (!first.get().time().isBefore(since)) {
            return new Start(0, "its first line is inside findtime");
        }
        Optional<Dated> last = lastDated();
        if (last.isEmpty() || last.get().time().isBefore(first.get().time().minus(SLACK))) {
            return new Start(0, "dates not in time order: reading all of it");
        }
        if (last.get().time().isBefore(since)) {
            return new Start(last.get().lineStart(), "its last dated line is older than findtime");
        }
        // Invariant: every line before `low` is older than `since`; the line dated at `high` or later is not.
        long low = first.get().nextOffset();
        Instant lowTime = first.get().time();
        long high = last.get().lineStart();
        Instant highTime = last.get().time();
        while (high - low > PROBE_BYTES) {
            long middle = low + (high - low) / 2;
            Optional<Dated> probe = firstDatedFrom(middle);
            if (probe.isEmpty()) {
                return new Start(0, "no dated line near offset " + middle + ": reading all of it");
            }
            Instant time = probe.get().time();
            if (time.isBefore(lowTime.minus(SLACK)) || time.isAfter(highTime.plus(SLACK))) {
                return new Start(0, "dates not in time order near offset " + middle + ": reading all of it");
            }
            if (time.isBefore(since)) {
                low = probe.get().nextOffset();
                lowTime = time;
            } else {
                high = middle;
                highTime = time;
            }
        }
        return new Start(low, "findtime starts near here");
    }

    /** The first complete dated line starting at or after {@code from}, within one probe's bytes. */
    private Optional<Dated> firstDatedFrom(long from) throws IOException {
        // One byte before `from` tells whether `from` starts a line (it follows a newline) or is mid-line.
        long readStart = from == 0 ? 0 : from - 1;
        int count = readAt(readStart);
        byte[] bytes = buffer.array();
        int lineStart = from == 0 ? 0 : indexOfNewline(bytes, 0, count) + 1;
        if (lineStart == 0 && from != 0) {
            return Optional.empty();
        }
        while (lineStart < count) {
            int newline = indexOfNewline(bytes, lineStart, count);
            if (newline < 0) {
                return Optional.empty();
            }
            Optional<Instant> time = timeOf(bytes, lineStart, newline);
            if (time.isPresent()) {
                return Optional.of(new Dated(readStart + lineStart, readStart + newline + 1, time.get()));
            }
            lineStart = newline + 1;
        }
        return Optional.empty();
    }

    /** The last complete dated line in the file's last probe-full of bytes. */
    private Optional<Dated> lastDated() throws IOException {
        long readStart = Math.max(0, size - PROBE_BYTES);
        int count = readAt(readStart);
        byte[] bytes = buffer.array();
        int lineEnd = count - 1;
        // Backwards from the end: the file's last line may still miss its newline (being written), skip it.
        while (lineEnd >= 0 && bytes[lineEnd] != '\n') {
            lineEnd--;
        }
        while (lineEnd > 0) {
            int lineStart = lineEnd - 1;
            while (lineStart >= 0 && bytes[lineStart] != '\n') {
                lineStart--;
            }
            if (lineStart < 0 && readStart > 0) {
                return Optional.empty(); // the line starts before this window: not a complete line
            }
            Optional<Instant> time = timeOf(bytes, lineStart + 1, lineEnd);
            if (time.isPresent()) {
                return Optional.of(new Dated(readStart + lineStart + 1, readStart + lineEnd + 1, time.get()));
            }
            lineEnd = lineStart;
        }
        return Optional.empty();
    }

    private int readAt(long offset) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), size - offset));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) <= 0) {
                break;
            }
        }
        counters.seekBytesRead.addAndGet(buffer.position());
        return buffer.position();
    }

    private Optional<Instant> timeOf(byte[] bytes, int from, int to) {
        counters.seekLinesExamined.incrementAndGet();
        int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return times.timeOf(new String(bytes, from, end - from, StandardCharsets.UTF_8));
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
