package io.fleetban.shipper.tail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open log file (one inode), read from a byte offset with positional reads. The channel stays bound to the
 * inode, so after a rename rotation the rest of the old file can still be read under its new name.
 */
final class OpenLogFile implements Closeable {

    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final String fileKey;
    private final long startOffset;
    private final LineSplitter splitter;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK_BYTES);
    private final AtomicLong truncatedLines;
    private FileCursor cursor;
    private long position;

    OpenLogFile(Path path, FileChannel channel, String fileKey, Optional<String> head, long startOffset,
                boolean skipFirstPartial, int maxLineBytes, AtomicLong truncatedLines) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.startOffset = startOffset;
        this.position = startOffset;
        this.splitter = new LineSplitter(maxLineBytes, startOffset, skipFirstPartial);
        this.truncatedLines = truncatedLines;
        head.ifPresent(digest -> cursor = new FileCursor(path, new FileIdentity(fileKey, digest), startOffset));
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
            buffer.flip();
            splitter.feed(buffer, position, (offset, next, text, cut) -> emit(sink, offset, next, text, cut));
            position += count;
            total += count;
        }
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
            truncatedLines.incrementAndGet();
        }
        sink.accept(new LogLine(cursor, offset, nextOffset, text, cut));
        cursor.advanceTo(nextOffset);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
