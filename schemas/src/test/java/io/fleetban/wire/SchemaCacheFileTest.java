package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent id/schema cache file: what is saved loads back equal, and nothing untrustworthy loads at all. */
class SchemaCacheFileTest {

    private static final URI REGISTRY = URI.create("http://registry.example:8081");
    private static final SchemaCacheFile.Contents TWO_SCHEMAS = new SchemaCacheFile.Contents(
            Map.of(7, Offense.getClassSchema(), 9, BanDecision.getClassSchema()),
            Map.of(
                    "fleetban.offenses-value",
                    Map.of(Offense.getClassSchema(), 7),
                    "fleetban.bans-value",
                    Map.of(BanDecision.getClassSchema(), 9)));

    @TempDir
    Path dir;

    @Test
    void savedContentsLoadBackEqualSoTheGeneratedClassesSchemasFindTheirIds() throws IOException {
        new SchemaCacheFile(dir, REGISTRY).save(TWO_SCHEMAS);

        SchemaCacheFile.Contents loaded = new SchemaCacheFile(dir, REGISTRY).load();

        assertThat(loaded).isEqualTo(TWO_SCHEMAS);
        assertThat(loaded.idsBySubject().get("fleetban.offenses-value")).containsEntry(Offense.getClassSchema(), 7);
    }

    @Test
    void addingKeepsWhatAnotherClientSavedInTheSameDirectory() throws IOException {
        SchemaCacheFile.Contents offenses = new SchemaCacheFile.Contents(
                Map.of(7, Offense.getClassSchema()),
                Map.of("fleetban.offenses-value", Map.of(Offense.getClassSchema(), 7)));
        SchemaCacheFile.Contents bans = new SchemaCacheFile.Contents(
                Map.of(9, BanDecision.getClassSchema()),
                Map.of("fleetban.bans-value", Map.of(BanDecision.getClassSchema(), 9)));

        new SchemaCacheFile(dir, REGISTRY).add(offenses);
        new SchemaCacheFile(dir, REGISTRY).add(bans);

        assertThat(new SchemaCacheFile(dir, REGISTRY).load()).isEqualTo(TWO_SCHEMAS);
    }

    @Test
    void aMissingFileIsAnEmptyCache() {
        assertThat(new SchemaCacheFile(dir, REGISTRY).load()).isEqualTo(SchemaCacheFile.Contents.empty());
    }

    @Test
    void aCorruptOrTruncatedFileIsIgnored() throws IOException {
        SchemaCacheFile cache = new SchemaCacheFile(dir, REGISTRY);
        cache.save(TWO_SCHEMAS);
        String whole = Files.readString(cache.file());

        Files.writeString(cache.file(), whole.substring(0, whole.length() / 2));
        assertThat(cache.load()).isEqualTo(SchemaCacheFile.Contents.empty());

        Files.writeString(cache.file(), whole.replace("\"id\" : 7", "\"id\" : \"seven\""));
        assertThat(cache.load()).isEqualTo(SchemaCacheFile.Contents.empty());

        Files.writeString(cache.file(), whole.replace("fleetban.avro", "not a namespace!"));
        assertThat(cache.load()).isEqualTo(SchemaCacheFile.Contents.empty());

        Files.writeString(cache.file(), "");
        assertThat(cache.load()).isEqualTo(SchemaCacheFile.Contents.empty());
    }

    @Test
    void idsOfAnotherRegistryAreNotTrusted() throws IOException {
        new SchemaCacheFile(dir, REGISTRY).save(TWO_SCHEMAS);

        assertThat(new SchemaCacheFile(dir, URI.create("http://other-registry:8081")).load())
                .isEqualTo(SchemaCacheFile.Contents.empty());
    }

    @Test
    void aSaveReplacesTheWholeFileAndLeavesNoTemporaryFileBehind() throws IOException {
        SchemaCacheFile cache = new SchemaCacheFile(dir, REGISTRY);
        cache.save(TWO_SCHEMAS);
        SchemaCacheFile.Contents one = new SchemaCacheFile.Contents(Map.of(3, Offense.getClassSchema()), Map.of());

        cache.save(one);

        assertThat(cache.load()).isEqualTo(one);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(cache.file());
        }
    }

    @Test
    void aSaveThatFailsBeforeTheRenameLeavesTheOldFileWhole() throws IOException {
        SchemaCacheFile cache = new SchemaCacheFile(dir, REGISTRY);
        cache.save(TWO_SCHEMAS);
        // The temporary file cannot be written (a directory sits at its path): the write fails before the rename,
        // as a crash there would.
        Files.createDirectory(dir.resolve(SchemaCacheFile.FILE_NAME + ".tmp"));

        assertThatThrownBy(() -> cache.save(SchemaCacheFile.Contents.empty())).isInstanceOf(IOException.class);

        assertThat(cache.load()).isEqualTo(TWO_SCHEMAS);
    }
}
