package io.fleetban.cli.config;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.SectionValues;
import io.fleetban.config.SectionValues.Entry;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.ini.IniValue;
import io.fleetban.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fleetban.conf as the agents read it: every key of every section with its effective value and where that came
 * from, credentials masked. The output is itself INI, the origins in {@code ;} comments. Values are parsed by the
 * sections' definitions, so a mistake stops it with the same error an agent would give; what only an agent's start
 * checks (the fail2ban jails, files named by keys) is left to {@code fleetban check}.
 */
public final class EffectiveConfig {

    /** What a credential is printed as. */
    public static final String MASK = "********";

    private EffectiveConfig() {}

    /**
     * The effective configuration of {@code ini}.
     *
     * @throws io.fleetban.fail2ban.ConfigException naming file, line, section and key of the first mistake
     */
    public static List<String> lines(IniFile ini) {
        final List<String> out = new ArrayList<>();
        final String source = ini.file().toString();
        final Map<String, IniValue> kafka = ini.values(KafkaSettings.SECTION).orElse(Map.of());
        section(
                out,
                "[" + KafkaSettings.SECTION + "]",
                KafkaSettings.DEFINITION.parse(source, kafka, null, Map.of()),
                true);
        for (String agent : FleetbanConfSections.KAFKA_AGENTS) {
            final String name = KafkaSettings.agentSection(agent);
            ini.values(name)
                    .ifPresent(overrides -> section(
                            out,
                            "[" + name + "]  ; [kafka] as the " + agent + " reads it",
                            KafkaSettings.DEFINITION.parse(source, kafka, name, overrides),
                            true));
        }
        for (ConfigDef def : FleetbanConfSections.SECTIONS) {
            section(out, "[" + def.name() + "]", def.parse(ini), false);
        }
        final Set<String> unknown = new LinkedHashSet<>(ini.sectionNames());
        unknown.removeAll(known());
        unknown.forEach(name ->
                out.add("; [" + name + "] at " + source + ":" + ini.sectionLine(name) + " is read by no agent"));
        return out;
    }

    private static void section(List<String> out, String header, SectionValues values, boolean kafka) {
        if (!out.isEmpty()) {
            out.add("");
        }
        out.add(header);
        for (Entry entry : values.entries()) {
            final boolean secret = entry.secret() || kafka && KafkaSettings.isSecret(entry.key());
            final String text =
                    entry.text() == null ? "" : secret ? MASK : entry.text().replace("\n", "\n    ");
            out.add(entry.key() + " = " + text + "  ; " + entry.origin()
                    + (entry.unset() == null ? "" : ": " + entry.unset().replace("`", "")));
        }
    }

    private static Set<String> known() {
        final Set<String> names = new LinkedHashSet<>();
        names.add(KafkaSettings.SECTION);
        FleetbanConfSections.KAFKA_AGENTS.forEach(agent -> names.add(KafkaSettings.agentSection(agent)));
        FleetbanConfSections.SECTIONS.forEach(def -> names.add(def.name()));
        return names;
    }
}
