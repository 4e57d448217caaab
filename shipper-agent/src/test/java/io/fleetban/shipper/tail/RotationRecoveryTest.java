package io.fleetban.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No line lost to a rotation or a copytruncate that happens while the shipper is stopped or behind: the file read
 * before is found again next to the log path (by inode, or by its first line for a copy), finished from its
 * checkpoint, then the new file is read from its start, whatever {@code read.from} says. Every restart here uses
 * {@link ReadFrom#END}, the setting that lost lines before.
 */
class RotationRecoveryTest {

    @TempDir
    Path dir;

    private final List<LogLine> lines = new ArrayList<>();
    private final List<LogTailer> tailers = new ArrayList<>();
    private final TailCounters counters = new TailCounters();

    @AfterEach
    void closeTailers() {
        tailers.forEach(LogTailer::close);
    }

    private Path log() {
        return dir.resolve("fail.log");
    }

    private LogTailer start(SavedPositions saved) {
        LogTailer tailer = new LogTailer(
                List.of(LogPathGlob.of(log().toString())),
                TailOptions.defaults().withReadFrom(ReadFrom.END).withRotationGrace(Duration.ZERO),
                saved,
                path -> Optional.empty(),
                Clock.systemUTC(),
                counters);
        tailers.add(tailer);
        return tailer;
    }

    private CheckpointStore store() {
        return new CheckpointStore(dir.resolve("state"));
    }

    /** Stops as a shipper does: positions saved, files closed. */
    private void stop(LogTailer tailer) {
        store().save(tailer.saved());
        tailer.close();
    }

    private LogTailer restart() {
        return start(store().loadSaved());
    }

    private List<String> poll(LogTailer tailer) {
        int before = lines.size();
        // A recovered file is read in bounded steps; poll while a backlog is left, as the reader thread does.
        while (tailer.poll(lines::add)) {
            // keep reading
        }
        tailer.poll(lines::add);
        return lines.subList(before, lines.size()).stream().map(LogLine::text).toList();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** logrotate's copytruncate: copy the file, then cut it to 0 bytes (same inode). */
    private static void copyTruncate(Path file, Path copy) throws IOException {
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    /** Rotates the log as logrotate with {@code compress} and no {@code delaycompress}: only fail.log.1.gz is left. */
    private void rotateCompressed() throws IOException {
        Path rotated = dir.resolve("fail.log.1");
        Files.move(log(), rotated);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("fail.log.1.gz")))) {
            Files.copy(rotated, gz);
        }
        Files.delete(rotated);
    }

    private LogTailer readThreeLinesThenStop() throws IOException {
        append(log(), "line 1\nline 2\nline 3\n");
        LogTailer first = start(SavedPositions.none());
        // First start, read.from = end: the existing lines are skipped; the next ones are read.
        assertThat(poll(first)).isEmpty();
        append(log(), "line 4\n");
        assertThat(poll(first)).containsExactly("line 4");
        return first;
    }

    @ParameterizedTest(name = "renamed to {0} while stopped")
    @ValueSource(strings = {"fail.log.1", "fail.log-20261205"})
    void fileRotatedWhileStoppedIsFinishedThenTheNewFileIsReadFromItsStart(String rotatedName) throws IOException {
        LogTailer first = readThreeLinesThenStop();
        FileIdentity identity = lines.get(0).source().identity();
        stop(first);

        append(log(), "line 5\nline 6\n");
        Files.move(log(), dir.resolve(rotatedName));
        append(log(), "line 7\nline 8\n");

        assertThat(poll(restart())).containsExactly("line 5", "line 6", "line 7", "line 8");
        // The rotated file's lines keep the identity (and so the offense ids) they had under the log path.
        assertThat(lines.get(1).source().identity()).isEqualTo(identity);
        assertThat(lines.get(3).source().identity()).isNotEqualTo(identity);
        assertThat(counters.recoveredFiles()).isEqualTo(1);
        assertThat(counters.unrecoveredFiles()).isZero();
    }

    @Test
    void fileCopytruncatedWhileStoppedIsFinishedFromTheCopy() throws IOException {
        LogTailer first = readThreeLinesThenStop();
        stop(first);

        append(log(), "line 5\nline 6\n");
        copyTruncate(log(), dir.resolve("fail.log.2"));
        append(log(), "line 7\n");

        assertThat(poll(restart())).containsExactly("line 5", "line 6", "line 7");
        assertThat(counters.recoveredFiles()).isEqualTo(1);
    }

    @Test
    void linesInFlightAtAKillAreSentAgainFromTheRotatedFileWithTheSameIdentityAndOffset() throws IOException {
        append(log(), "line 1\n");
        LogTailer first = start(SavedPositions.none());
        poll(first);
        append(log(), "acked\nin flight\n");
        List<LogLine> sent = new ArrayList<>();
        first.poll(line -> {
            line.hold();
            sent.add(line);
            if (line.text().equals("acked")) {
                line.release();
            }
        });
        stop(first); // what a kill -9 leaves: the checkpoint before the unacknowledged line

        Files.move(log(), dir.resolve("fail.log.1"));
        append(log(), "new\n");

        assertThat(poll(restart())).containsExactly("in flight", "new");
        LogLine again = lines.get(lines.size() - 2);
        assertThat(again.source().identity()).isEqualTo(sent.get(1).source().identity());
        assertThat(again.offset()).isEqualTo(sent.get(1).offset());
    }

    @Test
    void copytruncateWhileBehindFinishesTheUnreadLinesFromTheCopy() throws IOException {
        LogTailer tailer = start(SavedPositions.none());
        append(log(), "read 1\nread 2\n");
        assertThat(poll(tailer)).containsExactly("read 1", "read 2");
        append(log(), "unread 3\nunread 4\n"); // written, not yet polled: the shipper is behind

        copyTruncate(log(), dir.resolve("fail.log.2"));
        append(log(), "after 5\n");

        assertThat(poll(tailer)).containsExactly("unread 3", "unread 4", "after 5");
        assertThat(lines.get(4).offset()).isZero();
        assertThat(counters.recoveredFiles()).isEqualTo(1);
        assertThat(counters.unrecoveredBytes()).isZero();
    }

    @Test
    void copytruncateWithoutACopyCountsWhatWasLeftUnread() throws IOException {
        LogTailer tailer = start(SavedPositions.none());
        String line = "x".repeat(1023) + "\n";
        append(log(), line.repeat(5 * 1024)); // 5 MiB: one poll reads 4 MiB of it, the shipper is behind
        tailer.poll(read -> {});
        long unread = Files.size(log()) - TailedPath.MAX_BYTES_PER_POLL;

        // Truncated with its last MiB unread and nothing keeps a copy.
        try (var channel = Files.newByteChannel(log(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log(), "after\n");

        assertThat(poll(tailer)).containsExactly("after");
        assertThat(counters.unrecoveredFiles()).isEqualTo(1);
        assertThat(counters.unrecoveredBytes()).isEqualTo(unread);
    }

    @Test
    void rotatedFileFoundOnlyCompressedIsSkippedAndCounted() throws IOException {
        LogTailer first = readThreeLinesThenStop();
        stop(first);
        append(log(), "line 5\nline 6\n");
        rotateCompressed();
        append(log(), "line 7\n");

        assertThat(poll(restart())).containsExactly("line 7");
        assertThat(counters.compressedSkipped()).isEqualTo(1);
        assertThat(counters.unrecoveredFiles()).isEqualTo(1);
        assertThat(counters.unrecoveredBytes()).isEqualTo("line 5\nline 6\n".length());
    }

    @Test
    void rotatedFileAlreadyReadToItsEndAndCompressedIsNoLoss() throws IOException {
        LogTailer first = readThreeLinesThenStop();
        stop(first);
        rotateCompressed();
        append(log(), "line 5\n");

        assertThat(poll(restart())).containsExactly("line 5");
        assertThat(counters.unrecoveredFiles()).isZero();
    }

    @Test
    void rotatedFileDeletedWhileStoppedIsCounted() throws IOException {
        LogTailer first = readThreeLinesThenStop();
        stop(first);
        Files.delete(log());
        append(log(), "line 9\n");

        assertThat(poll(restart())).containsExactly("line 9");
        assertThat(counters.unrecoveredFiles()).isEqualTo(1);
    }

    @Test
    void newFileAtAPathTailedBeforeIsReadFromItsStartEvenWithoutACheckpoint() throws IOException {
        LogTailer first = start(SavedPositions.none()); // the log does not exist yet: nothing to checkpoint
        poll(first);
        stop(first);
        assertThat(store().loadSaved().checkpoints()).isEmpty();
        assertThat(store().loadSaved().readPaths()).containsExactly(log());

        append(log(), "written while stopped\n");

        assertThat(poll(restart())).containsExactly("written while stopped");
    }

    @Test
    void readFromStillAppliesToAPathNeverTailed() throws IOException {
        append(log(), "before the first start\n");

        assertThat(poll(start(SavedPositions.none()))).isEmpty();
    }

    @Test
    void copytruncateBetweenTheStatAndTheReadIsCaughtByTheHeadAndFinishedFromTheCopy() throws IOException {
        LogTailer tailer = start(SavedPositions.none());
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            old.add("old line " + i + " " + "x".repeat(40)); // ~200 KiB: several 64 KiB reads
        }
        append(log(), String.join("\n", old) + "\n");
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            fresh.add("new line " + i + " " + "y".repeat(40));
        }
        List<String> seen = new ArrayList<>();
        boolean[] rotated = {false};

        // The reader is descheduled in the middle of its first read: the file is copied, truncated and written
        // past our position again before the next chunk is read.
        while (tailer.poll(line -> {
            seen.add(line.text());
            if (!rotated[0]) {
                rotated[0] = true;
                try {
                    copyTruncate(log(), dir.resolve("fail.log.2"));
                    append(log(), String.join("\n", fresh) + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        })) {
            // keep reading
        }
        tailer.poll(line -> seen.add(line.text()));

        List<String> expected = new ArrayList<>(old);
        expected.addAll(fresh);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void aFileCheckpointedBeforeItsFirstLineWasCompleteIsFoundByItsInodeAfterARotation() throws IOException {
        append(log(), "");
        LogTailer first = start(SavedPositions.none());
        poll(first);
        stop(first);
        assertThat(store().loadSaved().checkpoints())
                .singleElement()
                .satisfies(c -> assertThat(c.identity().headless()).isTrue());

        append(log(), "line 1\nline 2\n");
        Files.move(log(), dir.resolve("fail.log.1"));
        append(log(), "line 3\n");

        assertThat(poll(restart())).containsExactly("line 1", "line 2", "line 3");
    }
}
