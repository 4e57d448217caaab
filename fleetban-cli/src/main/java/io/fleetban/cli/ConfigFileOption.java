package io.fleetban.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The shared {@code -c/--config} option of the agent commands. */
final class ConfigFileOption {

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "fleetban.conf: [kafka], [fail2ban] and the agent's own section.")
    Path file;

    /**
     * Loads the file with an agent's config reader. Every way the file can be wrong ends here as one line and exit
     * code 2: missing, unreadable, or a value its reader refuses (the [kafka] section's reader, which cannot know
     * fail2ban's ConfigException, reports with IllegalArgumentException).
     */
    <T> T load(Function<Path, T> reader) {
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException("configuration file " + file + " does not exist", Fleetban.EXIT_USAGE);
        }
        try {
            return reader.apply(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UserFacingException("configuration error: " + e.getMessage(), Fleetban.EXIT_USAGE, e);
        }
    }
}
