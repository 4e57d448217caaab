package io.fleetban.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.ConfigKey;
import io.fleetban.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's configuration table is the one {@link ConfigTable} generates from the key definitions. */
class ReadmeConfigTableTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeTableMatchesTheDefinitions() throws IOException {
        final List<String> readme = Files.readAllLines(README);
        final int start = readme.indexOf(ConfigTable.HEADER);
        assertThat(start).as("README.md has no line '%s'", ConfigTable.HEADER).isNotNegative();
        final String table = readme.subList(start, readme.size()).stream()
                .takeWhile(line -> line.startsWith("|"))
                .map(line -> line + "\n")
                .collect(Collectors.joining());

        assertThat(table)
                .as("README.md's configuration table differs from the key definitions (the DEFINITION of each"
                        + " section's record): replace the table in README.md with the output of `bin/fleetban config"
                        + " doc`")
                .isEqualTo(ConfigTable.markdown());
    }

    @Test
    void everyDefinedKeyHasARow() {
        final String table = ConfigTable.markdown();
        final List<ConfigDef> sections = new java.util.ArrayList<>(FleetbanConfSections.SECTIONS);
        sections.add(KafkaSettings.DEFINITION);
        sections.add(FleetbanConfSections.JAIL_KEYS);
        for (ConfigDef def : sections) {
            for (ConfigKey key : def.keys()) {
                assertThat(table)
                        .as("[%s] %s", def.name(), key.name())
                        .contains(
                                "| `" + key.name() + "` | " + key.defaultValue().shown() + " | " + key.doc() + " |");
            }
        }
    }
}
