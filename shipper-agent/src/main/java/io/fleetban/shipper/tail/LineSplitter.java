package io.fleetban.shipper.tail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a file's bytes into lines, fed chunk by chunk in file order. A line is complete only at its {@code \n}:
 * a partial last line stays buffered until the writer finishes it, as fail2ban waits for the newline. A line
 * longer than the bound is cut at the bound and flagged (a single huge line must not exhaust memory), and the
 * rest of it up to its newline is skipped.
 */
final class LineSplitter {

    /** Receives each complete line; offsets are byte offsets in the file. */
    @FunctionalInterface
    interface Emitter {
        void emit(long offset, long nextOffset, String text, boolean truncated);
    }

    private final byte[] line;
    private int length;
    private boolean truncated;
    private boolean discarding;
    private long lineStart;

    /**
     * @param maxLineBytes        longest line kept whole
     * @param startOffset         file offset of the first byte that will be fed
     * @param skipFirstPartial    true when starting in the middle of a line (read from the end of a file): the
     *                            fragment up to the next newline is not a line and is skipped
     */
    LineSplitter(int maxLineBytes, long startOffset, boolean skipFirstPartial) {
        this.line = new byte[maxLineBytes];
        this.lineStart = startOffset;
        this.discarding = skipFirstPartial;
    }

    /** Splits {@code bytes} (position to limit), whose first byte is at {@code fileOffset} in the file. */
    void feed(ByteBuffer bytes, long fileOffset, Emitter emitter) {
        int first = bytes.position();
        int segmentStart = first;
        for (int i = first; i < bytes.limit(); i++) {
            if (bytes.get(i) != '\n') {
                continue;
            }
            append(bytes, segmentStart, i);
            long nextOffset = fileOffset + (i - first) + 1;
            if (!discarding) {
                emitter.emit(lineStart, nextOffset, text(), truncated);
            }
            startLine(nextOffset);
            segmentStart = i + 1;
        }
        append(bytes, segmentStart, bytes.limit());
    }

    /** Emits the buffered partial line, if any: used when a retired file will get no more bytes. */
    void finish(long endOffset, Emitter emitter) {
        if ((length > 0 || truncated) && !discarding) {
            emitter.emit(lineStart, endOffset, text(), truncated);
        }
        startLine(endOffset);
    }

    /** True when the file's last bytes are a line still waiting for its newline. */
    boolean hasPartialLine() {
        return length > 0 || truncated;
    }

    private void append(ByteBuffer bytes, int from, int to) {
        if (discarding || from >= to) {
            return;
        }
        int count = to - from;
        int room = line.length - length;
        if (count > room) {
            truncated = true;
            count = room;
        }
        bytes.get(from, line, length, count);
        length += count;
    }

    private String text() {
        int end = length;
        // fail2ban strips the line terminator; a Windows-style log ends lines with \r\n.
        if (!truncated && end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    private void startLine(long offset) {
        lineStart = offset;
        length = 0;
        truncated = false;
        discarding = false;
    }
}
