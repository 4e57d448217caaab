package io.fleetban.shipper.tail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One open log file (one inode), read from a byte offset with positional reads. The channel stays bound to the
 * inode, so after a rename rotation the rest of the old file can still be read under its new name.
 */
final class OpenLogFile implements Closeable {

    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final Path path;
    private FileChannel channel;
    private String fileKey;
    private final long startOffset;
    private final long startupBacklogEnd;
    private final LineSplitter splitter;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK_BYTES);
    private final TailCounters counters;
    private FileCursor cursor;
    private long position;
    private boolean replaced;

    /**
     * @param head              the file's head digest, empty while its first line is incomplete
     * @param startupBacklogEnd lines starting before this offset were in the file at first start and are read
     *                          only for their failures inside findtime ({@link LogLine#startupBacklog()}); 0 = none
     */
    OpenLogFile(
            Path path,
            FileChannel channel,
            String fileKey,
            Optional<String> head,
            long startOffset,
            boolean skipFirstPartial,
            long startupBacklogEnd,
            int maxLineBytes,
            TailCounters counters) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.startOffset = startOffset;
        this.startupBacklogEnd = startupBacklogEnd;
        this.position = startOffset;
        this.splitter = new LineSplitter(maxLineBytes, startOffset, skipFirstPartial);
        this.counters = counters;
        head.ifPresent(digest -> cursor = new FileCursor(path, new FileIdentity(fileKey, digest), startOffset));
    }

    /**
     * A file read before under {@code identity}, found again (renamed or copied) and resumed at {@code offset}:
     * its lines keep the identity, and so the offense ids, they had, so a line sent before a crash and sent again
     * now is counted once.
     */
    static OpenLogFile resumed(
            Path path,
            FileChannel channel,
            String fileKey,
            FileIdentity identity,
            long offset,
            int maxLineBytes,
            TailCounters counters) {
        OpenLogFile file =
                new OpenLogFile(path, channel, fileKey, Optional.empty(), offset, false, 0, maxLineBytes, counters);
        file.cursor = new FileCursor(path, identity, offset);
        return file;
    }

    String fileKey() {
        return fileKey;
    }

    /** Bytes consumed so far, including a buffered partial line. */
    long position() {
        return position;
    }

    /** The cursor, or null while the file's head (and so its identity) is not complete yet. */
    FileCursor cursor() {
        return cursor;
    }

    /** Where a restart resumes; a file without a complete first line yet is known by its inode, from offset 0. */
    Checkpoint checkpoint() {
        return cursor != null
                ? cursor.checkpoint()
                : new Checkpoint(path, new FileIdentity(fileKey, FileIdentity.NO_HEAD), 0);
    }

    /**
     * True when a read found the file's first line changed: it was truncated and written again between the poll's
     * stat and the read (copytruncate while the reader was descheduled). The bytes of that read were not used.
     */
    boolean replaced() {
        return replaced;
    }

    /**
     * True when the file's first line is no longer the one this file started with: it was truncated and has grown
     * again past our offset between two polls (copytruncate of a busy log), so the size alone cannot tell.
     */
    boolean headChanged() throws IOException {
        if (cursor == null) {
            return false;
        }
        return !FileHead.digest(channel).map(cursor.identity().head()::equals).orElse(false);
    }

    /**
     * Goes on reading in {@code copy}, a copy of this file taken before it was truncated (copytruncate): the copy
     * holds the same bytes at the same offsets, so reading resumes at the same position with the same cursor.
     */
    void continueIn(FileChannel copy, String copyKey) throws IOException {
        channel.close();
        channel = copy;
        fileKey = copyKey;
    }

    /** Reads up to about {@code maxBytes} appended bytes and emits their complete lines; returns the bytes read. */
    long read(LineSink sink, long maxBytes) throws IOException {
        if (cursor == null && !resolveIdentity()) {
            return 0;
        }
        long total = 0;
        while (total < maxBytes) {
            buffer.clear();
            int count = channel.read(buffer, position);
            if (count <= 0) {
                break;
            }
            if (headChanged()) {
                // Checked after the read: a chunk read before a truncation is the old content; one read after it
                // is not ours, and the head tells (the new content reaches our position, so its head is complete).
                replaced = true;
                break;
            }
            buffer.flip();
            splitter.feed(buffer, position, (offset, next, text, cut) -> emit(sink, offset, next, text, cut));
            position += count;
            total += count;
        }
        counters.bytesRead.addAndGet(total);
        return total;
    }

    /** Emits a last line that never got its newline: the file is retired and will not grow any more. */
    void finish(LineSink sink) {
        if (cursor != null && splitter.hasPartialLine()) {
            splitter.finish(position, (offset, next, text, cut) -> emit(sink, offset, next, text, cut));
        }
    }

    private boolean resolveIdentity() throws IOException {
        Optional<String> head = FileHead.digest(channel);
        head.ifPresent(digest -> cursor = new FileCursor(path, new FileIdentity(fileKey, digest), startOffset));
        return head.isPresent();
    }

    private void emit(LineSink sink, long offset, long nextOffset, String text, boolean cut) {
        if (cut) {
            counters.truncatedLines.incrementAndGet();
        }
        sink.accept(new LogLine(cursor, offset, nextOffset, text, cut, offset < startupBacklogEnd));
        cursor.advanceTo(nextOffset);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
