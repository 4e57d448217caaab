package io.fleetban.cli.config;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.ConfigKey;
import io.fleetban.kafka.KafkaSettings;
import java.util.List;
import java.util.stream.Collectors;

/**
 * README's configuration table ({@code | section | key | default | meaning |}), generated from the section
 * definitions so that the two cannot drift apart; {@code fleetban config doc} prints it.
 */
public final class ConfigTable {

    /** The table's header line, by which the README's copy is found. */
    public static final String HEADER = "| section | key | default | meaning |";

    private ConfigTable() {}

    /** The whole table, one line per key, ending with a newline. */
    public static String markdown() {
        final StringBuilder out = new StringBuilder(HEADER).append("\n|---|---|---|---|\n");
        final ConfigDef kafka = KafkaSettings.DEFINITION;
        section(out, kafka);
        kafka.passThroughKeys().ifPresent(pass -> row(out, "", pass.shown(), "", pass.doc()));
        final String overrides = FleetbanConfSections.KAFKA_AGENTS.stream()
                .map(agent -> "`[" + KafkaSettings.agentSection(agent) + "]`")
                .collect(Collectors.joining(", "));
        final String fleetWide = kafka.keys().stream()
                .filter(ConfigKey::fleetWide)
                .map(key -> "`" + key.name() + "`")
                .collect(Collectors.joining(", "));
        row(out, overrides, "any `[kafka]` key but " + fleetWide, "none", KafkaSettings.AGENT_SECTION_DOC);
        FleetbanConfSections.SECTIONS.forEach(def -> section(out, def));
        section(out, FleetbanConfSections.JAIL_KEYS);
        return out.toString();
    }

    private static void section(StringBuilder out, ConfigDef def) {
        final List<ConfigKey> keys = def.keys();
        for (int i = 0; i < keys.size(); i++) {
            final ConfigKey key = keys.get(i);
            row(
                    out,
                    i == 0 ? "`[" + def.name() + "]`" : "",
                    "`" + key.name() + "`",
                    key.defaultValue().shown(),
                    key.doc());
        }
    }

    private static void row(StringBuilder out, String section, String key, String defaultValue, String meaning) {
        for (String cell : List.of(section, key, defaultValue, meaning)) {
            out.append(cell.isEmpty() ? "| " : "| " + cell + " ");
        }
        out.append("|\n");
    }
}
