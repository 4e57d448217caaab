package io.fleetban.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads the head of a log file: its first line including the newline, or its first {@value #MAX_HEAD_BYTES} bytes
 * when the first line is longer. The head never changes once complete, because log files only grow at the end;
 * a file whose head changed is another file (copytruncate, inode reuse), even when the inode is the same.
 */
final class FileHead {

    /** Enough to tell two log files apart by their first timestamped line, cheap to re-read at every open. */
    static final int MAX_HEAD_BYTES = 256;

    private FileHead() {}

    /** The head digest, or empty while the file has neither a complete first line nor {@value #MAX_HEAD_BYTES} bytes. */
    static Optional<String> digest(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_HEAD_BYTES);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) <= 0) {
                break;
            }
        }
        return digest(buffer.array(), buffer.position());
    }

    /** The head digest of a file whose first {@code length} bytes (at most {@value #MAX_HEAD_BYTES}) are given. */
    static Optional<String> digest(byte[] bytes, int length) {
        int headLength = headLength(bytes, length);
        if (headLength < 0) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, headLength);
        return Optional.of(
                Integer.toHexString(headLength) + "-" + HexFormat.of().toHexDigits((int) crc.getValue()));
    }

    private static int headLength(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return length == MAX_HEAD_BYTES ? MAX_HEAD_BYTES : -1;
    }
}
