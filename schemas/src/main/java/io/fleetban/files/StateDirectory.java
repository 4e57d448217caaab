package io.fleetban.files;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An agent's {@code state.dir} setting, read once at start: any path, created when first needed, but never one that
 * already exists as something other than a directory (a typo pointing at a file fails at start, naming the key,
 * instead of at the first checkpoint or schema cache write).
 */
public final class StateDirectory {

    private StateDirectory() {}

    /**
     * The directory {@code text} names.
     *
     * @throws IllegalArgumentException when it exists and is not a directory
     */
    public static Path parse(String text) {
        Path dir = Path.of(text);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        return dir;
    }
}
