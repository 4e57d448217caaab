package io.fleetban.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedCheckpointsLoadBackUnchangedEvenWithOddPaths() {
        CheckpointStore store = new CheckpointStore(dir.resolve("state"));
        List<Checkpoint> saved = List.of(
                new Checkpoint(Path.of("/var/log/fail.log"), new FileIdentity("(dev=803,ino=12)", "1f-00aa11bb"), 4096),
                new Checkpoint(
                        Path.of("/tmp/odd\tname%09\nx.log"), new FileIdentity("(dev=803,ino=13)", "100-deadbeef"), 0));

        store.save(saved);

        assertThat(store.load()).isEqualTo(saved);
    }

    @Test
    void noFileMeansNoCheckpoints() {
        assertThat(new CheckpointStore(dir).load()).isEmpty();
    }

    @Test
    void saveReplacesThePreviousContentAndLeavesNoTemporaryFile() throws IOException {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(List.of(new Checkpoint(Path.of("/a.log"), new FileIdentity("k", "h"), 1)));

        store.save(List.of(new Checkpoint(Path.of("/b.log"), new FileIdentity("k", "h"), 2)));

        assertThat(store.load()).extracting(Checkpoint::path).containsExactly(Path.of("/b.log"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(CheckpointStore.FILE_NAME));
        }
    }

    @Test
    void malformedLineIsReportedWithFileAndLineNumber() throws IOException {
        Files.writeString(dir.resolve(CheckpointStore.FILE_NAME), "# header\nnot-a-number\tk\th\t/a.log\n");

        assertThatThrownBy(() -> new CheckpointStore(dir).load())
                .hasMessageContaining(CheckpointStore.FILE_NAME + ":2: malformed checkpoint");
    }

    @Test
    void pathsTailedWithoutACheckpointAreSavedToo() {
        CheckpointStore store = new CheckpointStore(dir);
        Checkpoint checkpoint = new Checkpoint(Path.of("/a.log"), new FileIdentity("k", "h"), 1);

        store.save(new SavedPositions(List.of(checkpoint), Set.of(Path.of("/empty\tyet.log"))));

        assertThat(store.loadSaved().checkpoints()).containsExactly(checkpoint);
        assertThat(store.loadSaved().readPaths())
                .containsExactlyInAnyOrder(Path.of("/a.log"), Path.of("/empty\tyet.log"));
    }

    @Test
    void aFirstVersionFileCountsItsCheckpointedPathsAsTailed() throws IOException {
        Files.writeString(
                dir.resolve(CheckpointStore.FILE_NAME),
                "# fleetban shipper checkpoints v1: offset, file key, head digest, path\n7\tk\th\t/a.log\n");

        assertThat(new CheckpointStore(dir).loadSaved().readPaths()).containsExactly(Path.of("/a.log"));
    }
}
