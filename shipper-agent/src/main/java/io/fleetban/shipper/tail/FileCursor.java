package io.fleetban.shipper.tail;

import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Read and acknowledgement position of one file, the source of its checkpoint.
 *
 * <p>A line whose offenses are in flight is held (once per offense) by the reader thread before the tailer moves
 * past it, and released from the producer's callback thread when the broker acknowledged it. Offenses of one
 * file go to several partitions, so acknowledgements arrive out of order: the committed offset is the lowest
 * line still held, or the end of the last line read when nothing is held. A crash therefore re-reads every line
 * that might not have reached the broker (resends are harmless: offense ids are deterministic) and never skips one.
 */
public final class FileCursor {

    private final Path path;
    private final FileIdentity identity;
    private final TreeMap<Long, Integer> heldLines = new TreeMap<>();
    private long readOffset;

    FileCursor(Path path, FileIdentity identity, long readOffset) {
        this.path = path;
        this.identity = identity;
        this.readOffset = readOffset;
    }

    /** The log path this file is read under. */
    public Path path() {
        return path;
    }

    /** Which file this is; part of the offense id of each of its lines. */
    public FileIdentity identity() {
        return identity;
    }

    /** Keeps the checkpoint at or before the line starting at {@code lineOffset} until a matching {@link #release}. */
    public synchronized void hold(long lineOffset) {
        heldLines.merge(lineOffset, 1, Integer::sum);
    }

    /** Drops one hold on the line starting at {@code lineOffset}, taken with {@link #hold}. */
    public synchronized void release(long lineOffset) {
        Integer holds = heldLines.get(lineOffset);
        if (holds == null) {
            throw new IllegalStateException("release without hold at offset " + lineOffset + " of " + path);
        }
        if (holds == 1) {
            heldLines.remove(lineOffset);
        } else {
            heldLines.put(lineOffset, holds - 1);
        }
    }

    synchronized void advanceTo(long nextLineOffset) {
        readOffset = nextLineOffset;
    }

    /** The offset a restart resumes from. */
    public synchronized long committedOffset() {
        return heldLines.isEmpty() ? readOffset : Math.min(heldLines.firstKey(), readOffset);
    }

    /** True when no line of this file waits for an acknowledgement. */
    public synchronized boolean settled() {
        return heldLines.isEmpty();
    }

    Checkpoint checkpoint() {
        return new Checkpoint(path, identity, committedOffset());
    }
}
