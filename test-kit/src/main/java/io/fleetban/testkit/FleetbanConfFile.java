package io.fleetban.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test's fleetban.conf, built section by section and written as the INI text an operator would write, so the
 * agents read it through their real {@code XxxConfig.load(Path)}. Sections and keys keep the order they were set.
 */
public final class FleetbanConfFile {

    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    /** Sets {@code key = value} in {@code [section]}. */
    public FleetbanConfFile set(String section, String key, Object value) {
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, String.valueOf(value));
        return this;
    }

    /** Writes the file (replacing it) and returns its path. */
    public Path writeTo(Path file) throws IOException {
        final StringBuilder text = new StringBuilder();
        sections.forEach((section, keys) -> {
            text.append('[').append(section).append("]\n");
            keys.forEach(
                    (key, value) -> text.append(key).append(" = ").append(value).append('\n'));
            text.append('\n');
        });
        return Files.writeString(file, text);
    }
}
