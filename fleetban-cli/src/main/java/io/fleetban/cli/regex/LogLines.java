package io.fleetban.cli.regex;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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

    private LogLines() {
    }

    /**
     * Feeds every line of {@code file} to {@code consumer}, in order.
     *
     * @return the number of lines
     * @throws UncheckedIOException when the file cannot be read
     */
    public static long forEach(Path file, LineConsumer consumer) {
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            return split(in, consumer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Feeds the lines of a text (the single-line form of {@code fleetban regex LINE FILTER}). */
    public static long forEachInText(String text, LineConsumer consumer) {
        try {
            return split(new java.io.StringReader(text), consumer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    private static long split(Reader in, LineConsumer consumer) throws IOException {
        final char[] buffer = new char[1 << 16];
        final StringBuilder line = new StringBuilder(256);
        long number = 0;
        boolean pending = false;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.append(buffer, from, i - from);
                    consumer.accept(++number, withoutCarriageReturn(line));
                    line.setLength(0);
                    from = i + 1;
                    pending = false;
                }
            }
            if (from < n) {
                line.append(buffer, from, n - from);
                pending = true;
            }
        }
        if (pending && line.length() > 0) {
            consumer.accept(++number, withoutCarriageReturn(line));
        }
        return number;
    }

    private static String withoutCarriageReturn(StringBuilder line) {
        final int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        return line.substring(0, end);
    }
}
