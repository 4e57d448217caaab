package io.fleetban.shipper.tail;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tailer did that an operator must be able to see: lines cut at the length bound, bytes read, the cost of
 * the first start's search for the {@code findtime} window, and what rotation or truncation made unrecoverable.
 * Written by the reader thread, read by metric scrapes.
 */
public final class TailCounters {

    final AtomicLong truncatedLines = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong seekBytesRead = new AtomicLong();
    final AtomicLong seekLinesExamined = new AtomicLong();
    final AtomicLong unrecoveredFiles = new AtomicLong();
    final AtomicLong unrecoveredBytes = new AtomicLong();
    final AtomicLong compressedSkipped = new AtomicLong();
    final AtomicLong recoveredFiles = new AtomicLong();

    /** Lines cut at {@link TailOptions#maxLineBytes()}. */
    public long truncatedLines() {
        return truncatedLines.get();
    }

    /** Bytes read as log lines (the findtime search's probes not included). */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Bytes the findtime search read to find where the window starts. */
    public long seekBytesRead() {
        return seekBytesRead.get();
    }

    /** Lines whose date the findtime search looked at. */
    public long seekLinesExamined() {
        return seekLinesExamined.get();
    }

    /**
     * Rotated or copied files holding unread lines that could not be read: not found, or found only compressed
     * (also counted in {@link #compressedSkipped()}).
     */
    public long unrecoveredFiles() {
        return unrecoveredFiles.get();
    }

    /** Unread bytes of those files (a lower bound when the file was not found). */
    public long unrecoveredBytes() {
        return unrecoveredBytes.get();
    }

    /** Rotated files whose unread part was found only in a compressed ({@code .gz}) copy and skipped. */
    public long compressedSkipped() {
        return compressedSkipped.get();
    }

    /** Rotated or copied files found and read to their end after a restart or a copytruncate. */
    public long recoveredFiles() {
        return recoveredFiles.get();
    }
}
