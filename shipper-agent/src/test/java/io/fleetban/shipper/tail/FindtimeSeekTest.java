package io.fleetban.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a first start begins in an existing log, and the safe fallbacks when the dates cannot be trusted. */
class FindtimeSeekTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final StartWindow TEN_MINUTES = new StartWindow(
            Duration.ofMinutes(10),
            () -> line -> line.startsWith("@")
                    ? Optional.of(Instant.ofEpochSecond(Long.parseLong(line.substring(1, line.indexOf(' ')))))
                    : Optional.empty());

    @TempDir
    Path dir;

    private final TailCounters counters = new TailCounters();

    private static String line(Instant time, String text) {
        return "@" + time.getEpochSecond() + " " + text + "\n";
    }

    private FindtimeSeek.Start seek(String content) throws IOException {
        Path log = dir.resolve("fail.log");
        Files.writeString(log, content);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            return FindtimeSeek.find(channel, channel.size(), NOW, TEN_MINUTES, counters);
        }
    }

    /** {@code old} lines an hour to 11 minutes old, then {@code recent} lines of the last minute. */
    private static String log(int old, int recent) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < old; i++) {
            text.append(line(
                    NOW.minus(Duration.ofMinutes(60)).plusMillis(i * 49L * 60_000 / old),
                    "old failure " + "x".repeat(i % 97)));
        }
        for (int i = 0; i < recent; i++) {
            text.append(line(NOW.minusSeconds(60 - i), "recent failure " + i));
        }
        return text.toString();
    }

    @Test
    void startsAtALineStartWithinOneProbeBeforeTheFirstLineInsideFindtime() throws IOException {
        String content = log(200_000, 50);
        int firstRecent = content.indexOf("@" + NOW.minusSeconds(60).getEpochSecond());

        FindtimeSeek.Start start = seek(content);

        assertThat(start.offset())
                .isLessThanOrEqualTo(firstRecent)
                .isGreaterThan(firstRecent - 2L * FindtimeSeek.PROBE_BYTES);
        assertThat(content.charAt((int) start.offset() - 1)).isEqualTo('\n');
        assertThat(counters.seekBytesRead()).isLessThan(content.length() / 10);
    }

    @Test
    void aLogWhollyInsideFindtimeIsReadFromItsStart() throws IOException {
        assertThat(seek(log(0, 50)).offset()).isZero();
    }

    @Test
    void aLogWhollyOlderThanFindtimeIsStartedAtItsLastDatedLine() throws IOException {
        String content = log(10_000, 0);

        assertThat(seek(content).offset()).isEqualTo(content.lastIndexOf('@'));
    }

    @Test
    void datesOutOfOrderFallBackToTheStart() throws IOException {
        // A log whose dates jump back an hour in its middle (two writers, or a clock reset): no search is safe.
        String content = log(20_000, 0) + log(20_000, 10).replace("old", "again");

        FindtimeSeek.Start start = seek(log(20_000, 10) + content);

        assertThat(start.offset()).isZero();
        assertThat(start.reason()).contains("not in time order");
    }

    @Test
    void aLogWithoutDatesIsReadFromItsStart() throws IOException {
        FindtimeSeek.Start start = seek("no date here\n".repeat(100_000));

        assertThat(start.offset()).isZero();
        assertThat(start.reason()).contains("no dated line");
    }

    @Test
    void anEmptyLogStartsAtZero() throws IOException {
        assertThat(seek("").offset()).isZero();
    }
}
