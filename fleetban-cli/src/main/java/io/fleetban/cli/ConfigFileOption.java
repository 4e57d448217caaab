package io.fleetban.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The shared {@code -c/--config} option of the agent commands. */
final class ConfigFileOption {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "fleetban.conf: [kafka], [fail2ban] and the agent's own section.")
    Path file;

    Path existingFile() {
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException("configuration file " + file + " does not exist", Fleetban.EXIT_USAGE);
        }
        return file;
    }
}
