package io.fleetban.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTailerTest {

    @TempDir
    Path dir;

    private final List<LogLine> lines = new ArrayList<>();
    private final List<LogTailer> tailers = new ArrayList<>();

    @AfterEach
    void closeTailers() {
        tailers.forEach(LogTailer::close);
    }

    private LogTailer tailer(String pattern, TailOptions options, List<Checkpoint> checkpoints) {
        LogTailer tailer =
                new LogTailer(List.of(LogPathGlob.of(pattern)), options.withRotationGrace(Duration.ZERO), checkpoints);
        tailers.add(tailer);
        return tailer;
    }

    private LogTailer tailer(Path file, ReadFrom readFrom) {
        return tailer(file.toString(), TailOptions.defaults().withReadFrom(readFrom), List.of());
    }

    private List<String> poll(LogTailer tailer) {
        int before = lines.size();
        tailer.poll(lines::add);
        return lines.subList(before, lines.size()).stream().map(LogLine::text).toList();
    }

    /** Stops {@code tailer} as the shipper does at shutdown: checkpoints saved, then closed. */
    private void stopSavingCheckpoints(LogTailer tailer) {
        checkpointStore().save(tailer.checkpoints());
        tailer.close();
    }

    /** A tailer started again on {@code file} from the saved checkpoints, as the shipper does at start. */
    private LogTailer restartFromCheckpoints(Path file) {
        return tailer(file.toString(), TailOptions.defaults(), checkpointStore().load());
    }

    private CheckpointStore checkpointStore() {
        return new CheckpointStore(dir.resolve("state"));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsOnlyAppendedLinesWhenStartingAtTheEnd() throws IOException {
        Path log = dir.resolve("fail.log");
        append(log, "old 1\nold 2\n");
        LogTailer tailer = tailer(log, ReadFrom.END);

        assertThat(poll(tailer)).isEmpty();
        append(log, "new 1\nnew 2\n");

        assertThat(poll(tailer)).containsExactly("new 1", "new 2");
        assertThat(lines.get(0).offset()).isEqualTo("old 1\nold 2\n".length());
        assertThat(lines.get(1).nextOffset()).isEqualTo(Files.size(log));
    }

    @Test
    void readsExistingLinesWhenStartingAtTheBeginning() throws IOException {
        Path log = dir.resolve("fail.log");
        append(log, "old 1\nold 2\n");

        assertThat(poll(tailer(log, ReadFrom.BEGINNING))).containsExactly("old 1", "old 2");
    }

    @Test
    void startingAtTheEndInTheMiddleOfALineSkipsTheFragment() throws IOException {
        Path log = dir.resolve("fail.log");
        append(log, "old 1\nhalf of a li");
        LogTailer tailer = tailer(log, ReadFrom.END);

        append(log, "ne\nnext\n");

        assertThat(poll(tailer)).containsExactly("next");
    }

    @Test
    void partialLastLineWaitsForItsNewline() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = tailer(log, ReadFrom.END);
        append(log, "complete\nparti");

        assertThat(poll(tailer)).containsExactly("complete");
        append(log, "al");
        assertThat(poll(tailer)).isEmpty();
        append(log, " line\n");

        assertThat(poll(tailer)).containsExactly("partial line");
        assertThat(lines.get(1).offset()).isEqualTo("complete\n".length());
    }

    @Test
    void stripsTheCarriageReturnOfCrlfLines() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = tailer(log, ReadFrom.END);
        append(log, "windows line\r\nunix line\n\r\n");

        assertThat(poll(tailer)).containsExactly("windows line", "unix line", "");
    }

    @Test
    void cutsOverlongLinesAndCountsThem() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = tailer(log.toString(), TailOptions.defaults().withMaxLineBytes(8), List.of());
        append(log, "0123456789abcdef\nshort\n");

        assertThat(poll(tailer)).containsExactly("01234567", "short");
        assertThat(lines.get(0).truncated()).isTrue();
        assertThat(lines.get(1).truncated()).isFalse();
        assertThat(lines.get(1).offset()).isEqualTo(17);
        assertThat(tailer.truncatedLines()).isEqualTo(1);
    }

    @Test
    void renameRotationFinishesTheOldFileThenReadsTheNewOneFromTheStart() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = tailer(log, ReadFrom.END);
        append(log, "before rotation\n");
        assertThat(poll(tailer)).containsExactly("before rotation");

        append(log, "written just before the rename\n");
        Files.move(log, dir.resolve("fail.log.1"));
        append(log, "first of the new file\n");

        assertThat(poll(tailer)).containsExactly("written just before the rename", "first of the new file");
        assertThat(lines.get(2).offset()).isZero();
        assertThat(lines.get(2).source().identity())
                .isNotEqualTo(lines.get(0).source().identity());
    }

    @Test
    void rotatedFileIsStillReadWhileItsWriterHasNotReopened() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = new LogTailer(
                List.of(LogPathGlob.of(log.toString())),
                TailOptions.defaults().withRotationGrace(Duration.ofHours(1)),
                List.of());
        tailers.add(tailer);
        append(log, "a\n");
        poll(tailer);
        Path rotated = dir.resolve("fail.log.1");
        Files.move(log, rotated);
        append(log, "new file\n");
        poll(tailer);

        append(rotated, "late write to the old inode\n");

        assertThat(poll(tailer)).containsExactly("late write to the old inode");
    }

    @Test
    void deletedAndRecreatedFileIsReadFromTheStart() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = tailer(log, ReadFrom.END);
        append(log, "old\n");
        poll(tailer);
        Files.delete(log);
        assertThat(poll(tailer)).isEmpty();

        append(log, "recreated\n");

        assertThat(poll(tailer)).containsExactly("recreated");
        assertThat(lines.get(1).offset()).isZero();
    }

    /** copytruncate keeps the inode; the second case is caught by the file's first line, not by its size. */
    static Stream<Arguments> copytruncatedFiles() {
        return Stream.of(
                Arguments.of("shorter than before", "a long line before the truncation", "after"),
                Arguments.of(
                        "grown past the old offset before the poll",
                        "2025-10-08 14:23:15 short",
                        "2025-10-09 00:00:01 after the truncation, longer than before"));
    }

    @ParameterizedTest(name = "copytruncate to a file {0}")
    @MethodSource("copytruncatedFiles")
    void copytruncateRestartsAtTheBeginning(String truncatedTo, String before, String after) throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer tailer = tailer(log, ReadFrom.END);
        append(log, before + "\n");
        poll(tailer);

        Files.writeString(log, after + "\n");

        assertThat(poll(tailer)).containsExactly(after);
        assertThat(lines.get(1).offset()).isZero();
        assertThat(lines.get(1).source().identity().fileKey())
                .isEqualTo(lines.get(0).source().identity().fileKey());
        assertThat(lines.get(1).source().identity())
                .isNotEqualTo(lines.get(0).source().identity());
    }

    @Test
    void literalPathThatAppearsLaterIsReadFromTheStart() throws IOException {
        Path log = dir.resolve("later.log");
        LogTailer tailer = tailer(log, ReadFrom.END);
        assertThat(poll(tailer)).isEmpty();

        append(log, "first\n");

        assertThat(poll(tailer)).containsExactly("first");
    }

    @Test
    void globFindsFilesThatAppearLater() throws IOException {
        LogTailer tailer = tailer(
                dir.resolve("*.log").toString(),
                new TailOptions(ReadFrom.END, 1024, Duration.ZERO, Duration.ZERO),
                List.of());
        assertThat(poll(tailer)).isEmpty();

        append(dir.resolve("b.log"), "from b\n");
        append(dir.resolve("a.txt"), "not matched\n");

        assertThat(poll(tailer)).containsExactly("from b");
        assertThat(tailer.tailedPaths()).containsExactly(dir.resolve("b.log"));
    }

    @Test
    void globFollowsSymbolicLinksToLogFiles() throws IOException {
        Path target = Files.createDirectories(dir.resolve("real")).resolve("app.log");
        append(target, "");
        Files.createDirectories(dir.resolve("logs"));
        Files.createSymbolicLink(dir.resolve("logs/app.log"), target);
        LogTailer tailer = tailer(dir.resolve("logs/*.log").toString(), TailOptions.defaults(), List.of());

        append(target, "through the link\n");

        assertThat(poll(tailer)).containsExactly("through the link");
    }

    @Test
    void restartFromCheckpointNeitherLosesNorResendsLines() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer first = tailer(log, ReadFrom.END);
        append(log, "one\ntwo\n");
        assertThat(poll(first)).containsExactly("one", "two");
        stopSavingCheckpoints(first);

        append(log, "three\nfour\n");
        LogTailer second = restartFromCheckpoints(log);

        assertThat(poll(second)).containsExactly("three", "four");
    }

    @Test
    void restartResendsFromTheFirstLineNotYetAcknowledged() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer first = tailer(log, ReadFrom.END);
        append(log, "acked\nin flight\nacked later\n");
        first.poll(line -> {
            line.hold();
            if (!line.text().equals("in flight")) {
                line.release();
            }
        });
        stopSavingCheckpoints(first);

        LogTailer second = restartFromCheckpoints(log);

        assertThat(poll(second)).containsExactly("in flight", "acked later");
    }

    @Test
    void fileReplacedWhileDownIsReadFromTheStart() throws IOException {
        Path log = dir.resolve("fail.log");
        LogTailer first = tailer(log, ReadFrom.END);
        append(log, "2025-10-08 14:23:15 first file\nmore\n");
        poll(first);
        stopSavingCheckpoints(first);

        Files.writeString(log, "2025-10-09 00:00:01 copytruncated and grown again past the old offset\n");
        LogTailer second = restartFromCheckpoints(log);

        assertThat(poll(second))
                .containsExactly("2025-10-09 00:00:01 copytruncated and grown again past the old offset");
    }
}
