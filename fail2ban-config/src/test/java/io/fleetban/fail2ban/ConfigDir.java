package io.fleetban.fail2ban;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: writes small config files under a temporary directory. */
public final class ConfigDir {
    private final Path root;

    public ConfigDir(Path root) {
        this.root = root;
    }

    /** Writes {@code text} to {@code root/relative} (creating directories) and returns the path. */
    public Path write(String relative, String text) {
        final Path p = root.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
