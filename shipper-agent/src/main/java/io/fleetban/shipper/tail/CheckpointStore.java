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
import java.util.List;

/**
 * Persists checkpoints in {@code <state.dir>/checkpoints.tsv}, one file per line:
 * <pre>
 * # fleetban shipper checkpoints v1: offset, file key, head digest, path
 * 1048576	(dev=803,ino=1311)	38-5f1c09aa	/var/log/app/fail.log
 * </pre>
 * The path comes last so it may hold any character; tab, newline, CR and {@code %} in it are %-escaped.
 *
 * <p>Saved through {@link StateFile}: after a crash the file holds either the old or the new checkpoints, never a mix.
 */
public final class CheckpointStore {

    static final String FILE_NAME = "checkpoints.tsv";
    private static final String HEADER = "# fleetban shipper checkpoints v1: offset, file key, head digest, path";

    private final Path file;

    public CheckpointStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** The saved checkpoints, or none on the first start. A malformed file fails with its line number. */
    public List<Checkpoint> load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints " + file, e);
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.startsWith("#")) {
                checkpoints.add(parse(line, i + 1));
            }
        }
        return List.copyOf(checkpoints);
    }

    /** Replaces the saved checkpoints atomically. */
    public void save(Collection<Checkpoint> checkpoints) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Checkpoint c : checkpoints) {
            text.append(c.offset()).append('\t').append(c.identity().fileKey()).append('\t')
                    .append(c.identity().head()).append('\t').append(escape(c.path().toString())).append('\n');
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
            return new Checkpoint(Path.of(unescape(fields[3])), new FileIdentity(fields[1], fields[2]),
                    Long.parseLong(fields[0]));
        } catch (IllegalArgumentException e) {
            throw malformed(lineNumber, e.getMessage());
        }
    }

    private IllegalStateException malformed(int lineNumber, String reason) {
        return new IllegalStateException(file + ":" + lineNumber + ": malformed checkpoint (" + reason
                + "); fix or delete the file to start over");
    }

    static String escape(String path) {
        return path.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
    }

    static String unescape(String text) {
        return text.replace("%09", "\t").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }
}
