package io.fleetban.shipper.tail;

import io.fleetban.files.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Persists checkpoints in {@code <state.dir>/checkpoints.tsv}, one file per line, then one line per log path
 * tailed (so a new file found there after a restart is known to be a rotation, not a first start):
 * <pre>
 * # fleetban shipper checkpoints v2: offset, file key, head digest, path; or "read" and a path tailed
 * 1048576	(dev=803,ino=1311)	38-5f1c09aa	/var/log/app/fail.log
 * read	/var/log/app/fail.log
 * </pre>
 * The path comes last so it may hold any character; tab, newline, CR and {@code %} in it are %-escaped. A v1 file
 * (checkpoint lines only) is read as it is: its checkpointed paths count as tailed.
 *
 * <p>Saved through {@link StateFile}: after a crash the file holds either the old or the new checkpoints, never a mix.
 */
public final class CheckpointStore {

    static final String FILE_NAME = "checkpoints.tsv";
    private static final String HEADER =
            "# fleetban shipper checkpoints v2: offset, file key, head digest, path; or \"read\" and a path tailed";
    private static final String READ = "read";

    private final Path file;

    public CheckpointStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** The saved checkpoints, or none on the first start. A malformed file fails with its line number. */
    public List<Checkpoint> load() {
        return loadSaved().checkpoints();
    }

    /** The saved checkpoints and paths, or none on the first start. A malformed file fails with its line number. */
    public SavedPositions loadSaved() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return SavedPositions.none();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints " + file, e);
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        Set<Path> readPaths = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(READ + "\t")) {
                readPaths.add(Path.of(unescape(line.substring(READ.length() + 1))));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                checkpoints.add(parse(line, i + 1));
            }
        }
        return new SavedPositions(checkpoints, readPaths);
    }

    /** Replaces the saved checkpoints atomically; their paths are saved as the paths tailed. */
    public void save(Collection<Checkpoint> checkpoints) {
        save(SavedPositions.of(checkpoints));
    }

    /** Replaces the saved checkpoints and paths atomically. */
    public void save(SavedPositions saved) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Checkpoint c : saved.checkpoints()) {
            text.append(c.offset())
                    .append('\t')
                    .append(c.identity().fileKey())
                    .append('\t')
                    .append(c.identity().head())
                    .append('\t')
                    .append(escape(c.path().toString()))
                    .append('\n');
        }
        for (Path path : saved.readPaths().stream().sorted().toList()) {
            text.append(READ).append('\t').append(escape(path.toString())).append('\n');
        }
        try {
            StateFile.replace(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoints to " + file, e);
        }
    }

    private Checkpoint parse(String line, int lineNumber) {
        String[] fields = line.split("\t", 4);
        if (fields.length != 4) {
            throw malformed(lineNumber, "expected 4 tab-separated fields");
        }
        try {
            return new Checkpoint(
                    Path.of(unescape(fields[3])), new FileIdentity(fields[1], fields[2]), Long.parseLong(fields[0]));
        } catch (IllegalArgumentException e) {
            throw malformed(lineNumber, e.getMessage());
        }
    }

    private IllegalStateException malformed(int lineNumber, String reason) {
        return new IllegalStateException(file + ":" + lineNumber + ": malformed checkpoint (" + reason
                + "); fix or delete the file to start over");
    }

    static String escape(String path) {
        return path.replace("%", "%25")
                .replace("\t", "%09")
                .replace("\n", "%0A")
                .replace("\r", "%0D");
    }

    static String unescape(String text) {
        return text.replace("%09", "\t")
                .replace("%0A", "\n")
                .replace("%0D", "\r")
                .replace("%25", "%");
    }
}
