package io.fleetban.cli.regex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a log the way fail2ban does: lines end at {@code \n} only (a lone {@code \r} inside a line is text, unlike
 * {@link java.io.BufferedReader#readLine()}), a trailing {@code \r} is stripped, bytes that are not UTF-8 are replaced
 * (fail2ban decodes with {@code errors='replace'}-like handling rather than stopping on a bad line).
 */
public final class LogLines {

    /** Bytes read at a time; a line longer than this grows the buffer. */
    static final int READ_BYTES = 1 << 16;

    /** The bytes of an array read as little-endian longs: the lowest byte of a word is the first in the array. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long NEWLINES = '\n' * ONES;

    /** Receives each line with its 1-based number. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(long number, String line);
    }

    /** Receives whole lines as bytes: {@code bytes[0, length)}, valid only during the call. */
    @FunctionalInterface
    interface ChunkConsumer {
        void accept(byte[] bytes, int length) throws InterruptedException;
    }

    private LogLines() {}

    /**
     * Feeds every line of {@code file} to {@code consumer}, in order.
     *
     * @return the number of lines
     * @throws UncheckedIOException when the file cannot be read
     */
    public static long forEach(Path file, LineConsumer consumer) {
        try (InputStream in = Files.newInputStream(file)) {
            return split(in, consumer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Feeds the lines of a text (the single-line form of {@code fleetban regex LINE FILTER}). */
    public static long forEachInText(String text, LineConsumer consumer) {
        try {
            return split(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), consumer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
    }

    private static long split(InputStream in, LineConsumer consumer) throws IOException {
        final long[] number = {0};
        try {
            forEachChunk(
                    in,
                    READ_BYTES,
                    (bytes, length) -> number[0] += splitAll(bytes, 0, length, number[0] + 1, consumer));
        } catch (InterruptedException e) {
            throw new IllegalStateException("a line consumer cannot be interrupted", e);
        }
        return number[0];
    }

    /**
     * Reads {@code in} about {@code chunkBytes} at a time and hands on each read up to its last {@code \n} (a line
     * longer than the buffer grows it), then what follows the last {@code \n} of the input when it is not empty.
     */
    static void forEachChunk(InputStream in, int chunkBytes, ChunkConsumer consumer)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[chunkBytes];
        int filled = 0;
        for (int n = in.read(buffer, filled, buffer.length - filled);
                n >= 0;
                n = in.read(buffer, filled, buffer.length - filled)) {
            filled += n;
            int end = filled;
            while (end > 0 && buffer[end - 1] != '\n') {
                end--;
            }
            if (end == 0) { // no line end yet: a line longer than the buffer
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                continue;
            }
            consumer.accept(buffer, end);
            filled -= end;
            System.arraycopy(buffer, end, buffer, 0, filled);
        }
        if (filled > 0) {
            consumer.accept(buffer, filled);
        }
    }

    /**
     * Feeds the lines of {@code bytes[from, to)} to {@code consumer} (numbered from {@code first}): the text between
     * two {@code \n}, and what follows the last one when it is not empty (a log's unterminated last line).
     *
     * @return the number of lines
     */
    static int splitAll(byte[] bytes, int from, int to, long first, LineConsumer consumer) {
        int start = from;
        int count = 0;
        for (int end = lineEnd(bytes, start, to); end < to; end = lineEnd(bytes, start, to)) {
            consumer.accept(first + count++, decode(bytes, start, end));
            start = end + 1;
        }
        if (start < to) {
            consumer.accept(first + count++, decode(bytes, start, to));
        }
        return count;
    }

    /**
     * The index of the first {@code \n} in {@code bytes[from, to)}, or {@code to}. Eight bytes at a time (a byte loop
     * costs several times more without a vectorising compiler, and a log is mostly scanned here): in {@code x}, the
     * word XOR eight {@code \n}, a byte is zero where a {@code \n} is; {@code (x - ONES) & ~x & HIGH} sets the high
     * bit of the lowest zero byte (borrows can only mark bytes above it), whose index the trailing zeros give.
     */
    static int lineEnd(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            final long x = (long) LONGS.get(bytes, i) ^ NEWLINES;
            final long zero = (x - ONES) & ~x & HIGH;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /** Whether {@code bytes[from, to)} is ASCII (no byte above 0x7f), eight bytes at a time. */
    static boolean ascii(byte[] bytes, int from, int to) {
        long high = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < to; i++) {
            high |= bytes[i];
        }
        return (high & HIGH) == 0;
    }

    /**
     * An ASCII line is decoded by a plain copy (ISO-8859-1 decodes ASCII as UTF-8 does; {@code new String(bytes,
     * UTF_8)} would first check it byte by byte); other lines as UTF-8, malformed sequences replaced.
     */
    private static String decode(byte[] bytes, int from, int to) {
        final int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(
                bytes,
                from,
                end - from,
                ascii(bytes, from, end) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
