package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines as fail2ban reads them: split at \n only, trailing \r stripped, bad UTF-8 replaced; found eight bytes at a
 * time, in chunks of whole lines.
 */
class LogLinesTest {

    @TempDir
    Path dir;

    private List<String> read(byte[] content) {
        Path file;
        try {
            file = Files.write(dir.resolve("log"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        long count = LogLines.forEach(file, (number, line) -> lines.add(number + ":" + line));
        assertThat(count).isEqualTo(lines.size());
        return lines;
    }

    @Test
    void splitsAtNewlineOnlyAndStripsTheCarriageReturnBeforeIt() throws IOException {
        assertThat(read("a\r\nb\rc\n\nlast".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactly("1:a", "2:b\rc", "3:", "4:last");
    }

    @Test
    void aLineLongerThanTheReadBufferStaysWhole() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(read((longLine + "\nshort\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactly("1:" + longLine, "2:short");
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        byte[] bytes = {'a', (byte) 0xff, 'b', '\n', (byte) 0xc3, (byte) 0xa9, '\n'};

        assertThat(read(bytes)).containsExactly("1:a\uFFFDb", "2:\u00e9");
    }

    @Test
    void aLineEndIsFoundAtEveryPositionOfAWord() {
        for (int length = 0; length < 20; length++) {
            final String line = "abcdefghijklmnopqrstuvwxyz".substring(0, length);
            for (int offset = 0; offset < 9; offset++) {
                final byte[] bytes = ("x".repeat(offset) + "\n" + line + "\n" + line).getBytes(StandardCharsets.UTF_8);
                final List<String> lines = new ArrayList<>();
                final int count =
                        LogLines.splitAll(bytes, offset + 1, bytes.length, 1, (n, l) -> lines.add(n + ":" + l));

                assertThat(lines)
                        .as("line of %d bytes after %d", length, offset)
                        .containsExactlyElementsOf(length == 0 ? List.of("1:") : List.of("1:" + line, "2:" + line));
                assertThat(count).isEqualTo(lines.size());
            }
        }
    }

    @Test
    void aLineWithOneByteAboveAsciiAnywhereIsDecodedAsUtf8() {
        for (int at = 0; at < 17; at++) {
            final String line = "a".repeat(at) + "\u00e9" + "b".repeat(16 - at);

            assertThat(read((line + "\r\n" + line).getBytes(StandardCharsets.UTF_8)))
                    .containsExactly("1:" + line, "2:" + line);
        }
    }

    @Test
    void chunksEndAtALineEndAndCarryTheRestOver() throws Exception {
        final String text = "first line\r\n\nthe third line is a little longer than the chunk\nlast, unterminated";
        for (int chunkBytes = 1; chunkBytes < 40; chunkBytes++) {
            final List<String> chunks = new ArrayList<>();
            LogLines.forEachChunk(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    chunkBytes,
                    (bytes, length) -> chunks.add(new String(bytes, 0, length, StandardCharsets.UTF_8)));

            assertThat(String.join("", chunks)).isEqualTo(text);
            assertThat(chunks.subList(0, chunks.size() - 1))
                    .allSatisfy(chunk -> assertThat(chunk).endsWith("\n"));
            assertThat(chunks.get(chunks.size() - 1)).isEqualTo("last, unterminated");
        }
    }
}
