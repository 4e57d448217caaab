package io.fleetban.shipper.journal;

import io.fleetban.files.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Persists each journal jail's committed cursor in {@code <state.dir>/journal-cursors.tsv}, one jail per line:
 * <pre>
 * # fleetban shipper journal cursors v1: jail, cursor
 * sshd	s=56649a64ce2240598f069d157e2b9ab7;i=2f1;b=0123...;m=1;t=6611b139accfc;x=4240368d1162b832
 * </pre>
 * Jail names are INI section names and cursors are printable ASCII: neither holds a tab or a line break.
 */
public final class JournalCursorStore {

    static final String FILE_NAME = "journal-cursors.tsv";
    private static final String HEADER = "# fleetban shipper journal cursors v1: jail, cursor";

    private final Path file;

    public JournalCursorStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** The saved cursor of each jail, or none on the first start. A malformed file fails with its line number. */
    public Map<String, String> load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal cursors " + file, e);
        }
        Map<String, String> cursors = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2 || fields[0].isEmpty() || fields[1].isEmpty()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": malformed journal cursor (expected jail"
                        + " <tab> cursor); fix or delete the file to read the journal from now on");
            }
            cursors.put(fields[0], fields[1]);
        }
        return Map.copyOf(cursors);
    }

    /** Replaces the saved cursors atomically. */
    public void save(Map<String, String> cursorsByJail) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        cursorsByJail.forEach((jail, cursor) -> {
            if (!printable(jail) || !printable(cursor)) {
                throw new IllegalArgumentException("jail or cursor with a control character: " + jail);
            }
            text.append(jail).append('\t').append(cursor).append('\n');
        });
        try {
            StateFile.replace(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save journal cursors to " + file, e);
        }
    }

    private static boolean printable(String text) {
        return !text.isEmpty() && text.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
