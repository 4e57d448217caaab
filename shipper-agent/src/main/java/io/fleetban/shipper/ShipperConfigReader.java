package io.fleetban.shipper;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.files.StateDirectory;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.metrics.MetricsServer;
import io.fleetban.shipper.ShipperConfig.JournalJail;
import io.fleetban.shipper.ShipperConfig.WatchedJail;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.journal.JournalMatch;
import io.fleetban.shipper.tail.LogPathGlob;
import io.fleetban.shipper.tail.ReadFrom;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates the shipper's part of fleetban.conf; every error names file, section and key. */
final class ShipperConfigReader {

    private static final String KAFKA_SECTION = "kafka";
    private static final Set<String> SHIPPER_KEYS = Set.of(ShipperConfig.HOST_ID, ShipperConfig.STATE_DIR,
            ShipperConfig.POLL_INTERVAL, ShipperConfig.READ_FROM, ShipperConfig.MAX_LINE_BYTES,
            ShipperConfig.CHECKPOINT_INTERVAL, ShipperConfig.LOG_TIMEZONE, ShipperConfig.JOURNALCTL,
            ShipperConfig.METRICS_LISTEN);
    /**
     * Keys of earlier releases, with the key that replaced them: integer milliseconds gave way to fail2ban durations
     * like every other interval in fleetban.conf. Refused by name, so an old file fails with the fix in the message.
     */
    private static final Map<String, String> RENAMED_KEYS = Map.of(
            "poll.interval.ms", ShipperConfig.POLL_INTERVAL,
            "checkpoint.interval.ms", ShipperConfig.CHECKPOINT_INTERVAL);
    /** Bounds in the form they are written (and shown in errors); parsed by the same {@link Durations}. */
    private static final String MIN_POLL_INTERVAL = "1ms";
    private static final String MAX_POLL_INTERVAL = "10s";
    private static final String MIN_CHECKPOINT_INTERVAL = "10ms";
    private static final String MAX_CHECKPOINT_INTERVAL = "1h";
    /** Host ids travel in every offense and in log lines: printable, no spaces, a sane length. */
    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,252}");
    private static final Path PROC_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private final Path file;
    private IniFile ini;

    ShipperConfigReader(Path file) {
        this.file = file;
    }

    ShipperConfig read() {
        ini = IniFile.read(file);
        KafkaSettings kafka = kafka();
        Map<String, String> shipper = ini.section(ShipperConfig.SHIPPER_SECTION).orElse(Map.of());
        for (String key : shipper.keySet()) {
            if (RENAMED_KEYS.containsKey(key)) {
                throw ini.error(ShipperConfig.SHIPPER_SECTION, key, "renamed to " + RENAMED_KEYS.get(key)
                        + ", which takes a duration (e.g. " + RENAMED_KEYS.get(key) + " = "
                        + shipper.get(key).strip() + "ms)");
            }
            if (!SHIPPER_KEYS.contains(key)) {
                throw ini.error(ShipperConfig.SHIPPER_SECTION, key, "unknown key; known keys: " + SHIPPER_KEYS);
            }
        }
        ZoneId zone = zone(shipper.get(ShipperConfig.LOG_TIMEZONE));
        Path fail2banDir = fail2banDir();
        List<JailDefinition> enabled = JailsReader.read(fail2banDir).stream().filter(JailDefinition::enabled).toList();
        if (enabled.isEmpty()) {
            throw ini.error(Fail2banSection.SECTION, Fail2banSection.CONFIG_DIR,
                    "no enabled jail with a logpath or backend = systemd in " + fail2banDir);
        }
        List<WatchedJail> fileJails = enabled.stream().filter(jail -> !jail.usesJournal())
                .map(jail -> watched(fail2banDir, jail, zone)).toList();
        List<JournalJail> journalJails = enabled.stream().filter(JailDefinition::usesJournal)
                .map(jail -> journalJail(fail2banDir, jail, zone)).toList();
        return new ShipperConfig(file, kafka, fail2banDir, fileJails, hostId(shipper), stateDir(shipper),
                duration(shipper, ShipperConfig.POLL_INTERVAL, ShipperConfig.DEFAULT_POLL_INTERVAL,
                        MIN_POLL_INTERVAL, MAX_POLL_INTERVAL),
                readFrom(shipper.get(ShipperConfig.READ_FROM)),
                integer(shipper, ShipperConfig.MAX_LINE_BYTES, ShipperConfig.DEFAULT_MAX_LINE_BYTES, 256, 16 << 20),
                duration(shipper, ShipperConfig.CHECKPOINT_INTERVAL, ShipperConfig.DEFAULT_CHECKPOINT_INTERVAL,
                        MIN_CHECKPOINT_INTERVAL, MAX_CHECKPOINT_INTERVAL),
                zone, journalJails, journalctl(shipper.get(ShipperConfig.JOURNALCTL)),
                metricsListen(shipper.get(ShipperConfig.METRICS_LISTEN)));
    }

    private KafkaSettings kafka() {
        Map<String, String> section = ini.section(KAFKA_SECTION)
                .orElseThrow(() -> new ConfigException(file.toString(), null, KAFKA_SECTION, null, "section missing"));
        try {
            String agent = ShipperConfig.SHIPPER_SECTION;
            return KafkaSettings.parse(section, ini.section(KafkaSettings.agentSection(agent)).orElse(Map.of()), agent,
                    file.toString());
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
        return new WatchedJail(jail.name(), jail.logPaths(), filter(fail2banDir, jail, zone),
                jail.policy().findTime());
    }

    /** A {@code backend = systemd} jail: its logpath is ignored, as fail2ban does; journalmatch selects entries. */
    private JournalJail journalJail(Path fail2banDir, JailDefinition jail, ZoneId zone) {
        FilterDefinition filter = filter(fail2banDir, jail, zone);
        try {
            return new JournalJail(jail.name(), filter,
                    JournalMatch.toArguments(filter.journalMatch().orElse("")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(filter.file().toString(), null, "Init", "journalmatch", e.getMessage(), e);
        }
    }

    private static FilterDefinition filter(Path fail2banDir, JailDefinition jail, ZoneId zone) {
        FilterDefinition filter = FilterReader.read(fail2banDir.resolve("filter.d"), jail.filterName(),
                jail.filterOptions());
        try {
            // Compiled once here only to fail at start-up on a bad regex; the app compiles one per source.
            JailFilter.compile(filter, FilterClock.system(zone));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(filter.file().toString(), null, "Definition", "failregex", e.getMessage(), e);
        }
        return filter;
    }

    private List<String> journalctl(String text) {
        if (text == null) {
            return List.of(ShipperConfig.DEFAULT_JOURNALCTL);
        }
        if (text.isBlank()) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, ShipperConfig.JOURNALCTL,
                    "empty; name the journalctl executable (default " + ShipperConfig.DEFAULT_JOURNALCTL + ")");
        }
        return List.of(text.strip().split("\\s+"));
    }

    private Optional<InetSocketAddress> metricsListen(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MetricsServer.parseListen(text));
        } catch (IllegalArgumentException e) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, ShipperConfig.METRICS_LISTEN, e.getMessage());
        }
    }

    private Path stateDir(Map<String, String> shipper) {
        try {
            return StateDirectory.parse(shipper.getOrDefault(ShipperConfig.STATE_DIR, ShipperConfig.DEFAULT_STATE_DIR));
        } catch (IllegalArgumentException e) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, ShipperConfig.STATE_DIR, e.getMessage());
        }
    }

    private String hostId(Map<String, String> shipper) {
        String id = Optional.ofNullable(shipper.get(ShipperConfig.HOST_ID)).orElseGet(ShipperConfigReader::hostName);
        if (!HOST_ID.matcher(id).matches()) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, ShipperConfig.HOST_ID,
                    "'" + id + "' is not a host id (letters, digits, . _ : @ -, at most 253 characters)");
        }
        return id;
    }

    private static String hostName() {
        try {
            // The kernel's name needs no DNS; getLocalHost() may wait on a resolver.
            if (Files.isReadable(PROC_HOSTNAME)) {
                return Files.readString(PROC_HOSTNAME, StandardCharsets.UTF_8).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new ConfigException(null, null, ShipperConfig.SHIPPER_SECTION, ShipperConfig.HOST_ID,
                    "not set and the host name cannot be read: " + e.getMessage(), e);
        }
    }

    private int integer(Map<String, String> shipper, String key, int defaultValue, int min, int max) {
        String text = shipper.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw ini.error(ShipperConfig.SHIPPER_SECTION, key,
                        "'" + text + "' is out of range " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, key, "'" + text + "' is not a whole number");
        }
    }

    /** A fail2ban duration ({@link Durations#parse}: {@code 10ms}, {@code 1s}, {@code 2m}) within {@code min..max}. */
    private Duration duration(Map<String, String> shipper, String key, String defaultText, String min,
                              String max) {
        String text = shipper.getOrDefault(key, defaultText);
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, key, e.getMessage());
        }
        if (value.compareTo(Durations.parse(min)) < 0 || value.compareTo(Durations.parse(max)) > 0) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, key, "'" + text.strip() + "' is out of range "
                    + min + ".." + max);
        }
        return value;
    }

    private ReadFrom readFrom(String text) {
        if (text == null) {
            return ReadFrom.FINDTIME;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "findtime" -> ReadFrom.FINDTIME;
            case "end" -> ReadFrom.END;
            case "beginning" -> ReadFrom.BEGINNING;
            default -> throw ini.error(ShipperConfig.SHIPPER_SECTION, ShipperConfig.READ_FROM,
                    "'" + text + "' is none of findtime, end, beginning");
        };
    }

    private ZoneId zone(String text) {
        if (text == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw ini.error(ShipperConfig.SHIPPER_SECTION, ShipperConfig.LOG_TIMEZONE,
                    "'" + text + "' is not a time zone (e.g. UTC, Europe/Paris, +02:00)");
        }
    }
}
