package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines as fail2ban reads them: split at \n only, trailing \r stripped, bad UTF-8 replaced. */
class LogLinesTest {

    @TempDir
    Path dir;

    private List<String> read(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("log"), content);
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
}
