package io.fleetban.cli.regex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** Receives each line with its 1-based number. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(long number, String line);
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

    /**
     * Splits bytes at {@code \n} and decodes each line on its own: {@code new String(bytes, UTF_8)} replaces malformed
     * sequences and has a fast path for ASCII, several times faster than a Reader plus a StringBuilder on big logs.
     */
    private static long split(InputStream in, LineConsumer consumer) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int filled = 0;
        long number = 0;
        for (int n = in.read(buffer, filled, buffer.length - filled);
                n >= 0;
                n = in.read(buffer, filled, buffer.length - filled)) {
            final int end = filled + n;
            int from = 0;
            for (int i = filled; i < end; i++) {
                if (buffer[i] == '\n') {
                    consumer.accept(++number, decode(buffer, from, i));
                    from = i + 1;
                }
            }
            filled = end - from;
            System.arraycopy(buffer, from, buffer, 0, filled);
            if (filled == buffer.length) { // one line longer than the buffer
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        if (filled > 0) {
            consumer.accept(++number, decode(buffer, 0, filled));
        }
        return number;
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
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                consumer.accept(first + count++, decode(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < to) {
            consumer.accept(first + count++, decode(bytes, start, to));
        }
        return count;
    }

    private static String decode(byte[] bytes, int from, int to) {
        final int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }
}
