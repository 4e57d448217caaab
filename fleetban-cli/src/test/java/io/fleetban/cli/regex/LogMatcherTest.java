package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines matched on several threads give what one thread gives, line for line and in order, whatever the chunk size:
 * across chunk boundaries the date template (several in one log), a date-less line's reused date, and
 * {@code <F-MLFID>} connections carry over as they do on one thread.
 */
class LogMatcherTest {

    /** Just after the mixed log's last line: a date-less line reuses the date of its last minute's lines. */
    private static final FilterClock CLOCK =
            new FilterClock(Clock.fixed(Instant.parse("2025-10-08T00:05:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);

    private static final String FILTER = String.join(
            "\n",
            "[Definition]",
            "failregex = ^ - IP: <HOST> - User-Agent:",
            "            ^ conn=<F-MLFID>\\d+</F-MLFID> <F-NOFAIL>open</F-NOFAIL>$",
            "            ^ conn=<F-MLFID>\\d+</F-MLFID> fail from <HOST>$",
            "            ^ conn=<F-MLFID>\\d+</F-MLFID> <F-MLFGAINED>accepted</F-MLFGAINED>$",
            "ignoreregex = User-Agent: ignored",
            "");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 37, 200, 4096, 1 << 18})
    void severalThreadsGiveWhatOneThreadGives(int chunkBytes) throws IOException {
        final Path filter = Files.writeString(dir.resolve("mixed.conf"), FILTER);
        final Path log = Files.writeString(dir.resolve("mixed.log"), mixedLog(3_000), StandardCharsets.UTF_8);

        assertSameResults(FilterReader.readFile(filter, Map.of()), log, chunkBytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 8192})
    void debiansSshdFilterOnAnAuthLog(int chunkBytes) throws IOException {
        final String home = System.getenv("FAIL2BAN_HOME");
        assumeThat(home)
                .as("FAIL2BAN_HOME (Debian's fail2ban package extracted)")
                .isNotNull();
        final Path sshd = Path.of(home, "etc/fail2ban/filter.d/sshd.conf");
        assumeThat(sshd).exists();
        final Path log = Files.writeString(dir.resolve("auth.log"), authLog(3_000), StandardCharsets.UTF_8);

        assertSameResults(FilterReader.readFile(sshd, Map.of()), log, chunkBytes);
    }

    private static void assertSameResults(FilterDefinition def, Path log, int chunkBytes) {
        final JailFilter one = JailFilter.compile(def, CLOCK);
        final List<String> expected = new ArrayList<>();
        LogLines.forEach(log, (number, line) -> expected.add(number + " " + line + " -> " + one.match(line)));

        final List<String> actual = new ArrayList<>();
        final long lines = new LogMatcher(JailFilter.compile(def, CLOCK), 3, chunkBytes)
                .matchFile(log, (number, line, result) -> actual.add(number + " " + line + " -> " + result));

        assertThat(lines).isEqualTo(expected.size());
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    /** Three date formats, date-less continuation lines, a date inside the line, connections over many lines. */
    private static String mixedLog(int lines) {
        final Random random = new Random(7);
        final StringBuilder log = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            final int second = i / 10;
            final String iso = String.format("2025-10-08 00:%02d:%02d", second / 60 % 60, second % 60);
            final String syslog = String.format("Oct  8 00:%02d:%02d", second / 60 % 60, second % 60);
            final String conn = "conn=" + random.nextInt(5);
            switch (random.nextInt(9)) {
                case 0 ->
                    log.append(iso)
                            .append(" - IP: 203.0.113.")
                            .append(random.nextInt(255))
                            .append(" - User-Agent: x");
                case 1 ->
                    log.append(syslog)
                            .append(" - IP: 198.51.100.")
                            .append(random.nextInt(255))
                            .append(" - User-Agent: ignored");
                case 2 -> log.append("continued without a date - IP: 192.0.2.1 - User-Agent: y");
                case 3 -> log.append("[pid 1] ").append(iso).append(" - IP: 203.0.113.7 - User-Agent: z");
                case 4 -> log.append(iso).append(' ').append(conn).append(" open");
                case 5 ->
                    log.append(syslog)
                            .append(' ')
                            .append(conn)
                            .append(" fail from 203.0.113.")
                            .append(random.nextInt(255));
                case 6 -> log.append(iso).append(' ').append(conn).append(" accepted");
                case 7 -> log.append(random.nextInt(4) == 0 ? "" : "1759881600 - IP: 203.0.113.9 - User-Agent: e");
                default -> log.append(iso).append(" - IP: not-an-address - User-Agent: w\r");
            }
            log.append('\n');
        }
        return log.append("unterminated last line").toString();
    }

    private static String authLog(int lines) {
        final Random random = new Random(11);
        final StringBuilder log = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            final String prefix = String.format(
                    "Oct  8 00:%02d:%02d web-1 sshd[%d]: ", i / 60 % 60, i % 60, 1000 + random.nextInt(8));
            final String from = "203.0.113." + random.nextInt(20);
            log.append(prefix)
                    .append(
                            switch (random.nextInt(5)) {
                                case 0 -> "Failed password for invalid user git from " + from + " port 4711 ssh2";
                                case 1 -> "Connection from " + from + " port 4711 on 10.0.0.1 port 22";
                                case 2 -> "Accepted publickey for root from " + from + " port 4711 ssh2";
                                case 3 -> "Received disconnect from " + from + " port 4711:11: disconnected by user";
                                default -> "Invalid user admin from " + from + " port 4711";
                            })
                    .append('\n');
        }
        return log.toString();
    }
}
