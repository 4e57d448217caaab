package io.fleetban.shipper.tail;

import java.nio.file.Path;

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
    private final HeldLines heldLines = new HeldLines();
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

    /**
     * Keeps the checkpoint at or before the line starting at {@code lineOffset} until a matching {@link #release};
     * lines are held in file order (the reader thread holds each line before it reads the next).
     */
    public synchronized void hold(long lineOffset) {
        heldLines.hold(lineOffset);
    }

    /** Drops one hold on the line starting at {@code lineOffset}, taken with {@link #hold}. */
    public synchronized void release(long lineOffset) {
        if (!heldLines.release(lineOffset)) {
            throw new IllegalStateException("release without hold at offset " + lineOffset + " of " + path);
        }
    }

    synchronized void advanceTo(long nextLineOffset) {
        readOffset = nextLineOffset;
    }

    /** The offset a restart resumes from. */
    public synchronized long committedOffset() {
        return heldLines.isEmpty() ? readOffset : Math.min(heldLines.first(), readOffset);
    }

    /** True when no line of this file waits for an acknowledgement. */
    public synchronized boolean settled() {
        return heldLines.isEmpty();
    }

    Checkpoint checkpoint() {
        return new Checkpoint(path, identity, committedOffset());
    }
}
