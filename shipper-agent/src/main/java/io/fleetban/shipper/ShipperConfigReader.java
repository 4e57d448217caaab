package io.fleetban.shipper;

import io.fleetban.config.SectionValues;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.shipper.ShipperConfig.JournalJail;
import io.fleetban.shipper.ShipperConfig.WatchedJail;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.journal.JournalMatch;
import io.fleetban.shipper.tail.LogPathGlob;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Parses and validates the shipper's part of fleetban.conf; every error names file, section and key. */
final class ShipperConfigReader {

    private static final String KAFKA_SECTION = "kafka";

    private final Path file;
    private IniFile ini;

    ShipperConfigReader(Path file) {
        this.file = file;
    }

    ShipperConfig read() {
        ini = IniFile.read(file);
        KafkaSettings kafka = kafka();
        SectionValues shipper = ShipperConfig.DEFINITION.parse(ini);
        ZoneId zone = shipper.get(ShipperConfig.LOG_TIMEZONE);
        Path fail2banDir = fail2banDir();
        List<JailDefinition> enabled = JailsReader.read(fail2banDir).stream()
                .filter(JailDefinition::enabled)
                .toList();
        if (enabled.isEmpty()) {
            throw ini.error(
                    Fail2banSection.SECTION,
                    Fail2banSection.CONFIG_DIR,
                    "no enabled jail with a logpath or backend = systemd in " + fail2banDir);
        }
        List<WatchedJail> fileJails = enabled.stream()
                .filter(jail -> !jail.usesJournal())
                .map(jail -> watched(fail2banDir, jail, zone))
                .toList();
        List<JournalJail> journalJails = enabled.stream()
                .filter(JailDefinition::usesJournal)
                .map(jail -> journalJail(fail2banDir, jail, zone))
                .toList();
        return new ShipperConfig(
                file,
                kafka,
                fail2banDir,
                fileJails,
                shipper.get(ShipperConfig.HOST_ID),
                shipper.get(ShipperConfig.STATE_DIR),
                shipper.duration(ShipperConfig.POLL_INTERVAL),
                shipper.get(ShipperConfig.READ_FROM),
                shipper.integer(ShipperConfig.MAX_LINE_BYTES),
                shipper.duration(ShipperConfig.CHECKPOINT_INTERVAL),
                zone,
                journalJails,
                shipper.get(ShipperConfig.JOURNALCTL),
                shipper.optional(ShipperConfig.METRICS_LISTEN));
    }

    private KafkaSettings kafka() {
        Map<String, String> section = ini.section(KAFKA_SECTION)
                .orElseThrow(() -> new ConfigException(file.toString(), null, KAFKA_SECTION, null, "section missing"));
        try {
            String agent = ShipperConfig.SHIPPER_SECTION;
            return KafkaSettings.parse(
                    section, ini.section(KafkaSettings.agentSection(agent)).orElse(Map.of()), agent, file.toString());
        } catch (IllegalArgumentException e) {
            // KafkaSettings names file, section and key itself; only the line is ours to add.
            throw new ConfigException(null, null, null, null, e.getMessage(), e);
        }
    }

    private Path fail2banDir() {
        return Fail2banSection.configDir(ini);
    }

    private WatchedJail watched(Path fail2banDir, JailDefinition jail, ZoneId zone) {
        String where = "jail " + jail.name() + " in " + fail2banDir;
        if (jail.logPaths().isEmpty()) {
            throw new ConfigException(where, null, jail.name(), "logpath", "an enabled jail needs a logpath");
        }
        for (String path : jail.logPaths()) {
            try {
                LogPathGlob.of(path);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where, null, jail.name(), "logpath", e.getMessage(), e);
            }
        }
        return new WatchedJail(
                jail.name(),
                jail.logPaths(),
                filter(fail2banDir, jail, zone),
                jail.policy().findTime());
    }

    /** A {@code backend = systemd} jail: its logpath is ignored, as fail2ban does; journalmatch selects entries. */
    private JournalJail journalJail(Path fail2banDir, JailDefinition jail, ZoneId zone) {
        FilterDefinition filter = filter(fail2banDir, jail, zone);
        try {
            return new JournalJail(
                    jail.name(),
                    filter,
                    JournalMatch.toArguments(filter.journalMatch().orElse("")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(filter.file().toString(), null, "Init", "journalmatch", e.getMessage(), e);
        }
    }

    private static FilterDefinition filter(Path fail2banDir, JailDefinition jail, ZoneId zone) {
        FilterDefinition filter =
                FilterReader.read(fail2banDir.resolve("filter.d"), jail.filterName(), jail.filterOptions());
        try {
            // Compiled once here only to fail at start-up on a bad regex; the app compiles one per source.
            JailFilter.compile(filter, FilterClock.system(zone));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(filter.file().toString(), null, "Definition", "failregex", e.getMessage(), e);
        }
        return filter;
    }
}
