package io.fleetban.shipper;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.HostId;
import io.fleetban.config.ValueType;
import io.fleetban.config.ValueTypes;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.files.StateDirectory;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.metrics.MetricsServer;
import io.fleetban.shipper.tail.ReadFrom;
import io.fleetban.shipper.tail.TailOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The shipper's configuration, read once from fleetban.conf ({@code [kafka]}, {@code [fail2ban]}, {@code [shipper]})
 * and the fail2ban directory it names; everything is validated here and nothing deeper reads text.
 *
 * @param file               the fleetban.conf this came from
 * @param kafka              the {@code [kafka]} section
 * @param fail2banDir        {@code [fail2ban] config.dir}: jail.conf, jail.d/, filter.d/, read unchanged
 * @param jails              the enabled jails that read log files, with their resolved filters
 * @param hostId             {@value #HOST_ID}: this host's name in every offense
 * @param stateDir           {@value #STATE_DIR}: where checkpoints are kept
 * @param pollInterval       {@value #POLL_INTERVAL}: how often every log file is checked for appended lines
 * @param readFrom           {@value #READ_FROM}: where to start in a file present at start without a checkpoint
 * @param maxLineBytes       {@value #MAX_LINE_BYTES}: longest line kept whole
 * @param checkpointInterval {@value #CHECKPOINT_INTERVAL}: how often positions are saved
 * @param logTimeZone        {@value #LOG_TIMEZONE}: zone of log dates without an offset
 * @param journalJails       the enabled jails with {@code backend = systemd}, which follow the journal
 * @param journalctl         {@value #JOURNALCTL}: the journalctl command (executable and fixed options)
 * @param metricsListen      {@value #METRICS_LISTEN}: where {@code /metrics} and {@code /health} answer; empty = off
 */
public record ShipperConfig(
        Path file,
        KafkaSettings kafka,
        Path fail2banDir,
        List<WatchedJail> jails,
        String hostId,
        Path stateDir,
        Duration pollInterval,
        ReadFrom readFrom,
        int maxLineBytes,
        Duration checkpointInterval,
        ZoneId logTimeZone,
        List<JournalJail> journalJails,
        List<String> journalctl,
        Optional<InetSocketAddress> metricsListen) {

    /** Section of fleetban.conf with this agent's own keys. */
    public static final String SHIPPER_SECTION = "shipper";
    /** This host's name in offenses ({@link HostId}, the same rule as the enforcer's). */
    public static final String HOST_ID = "host.id";
    /** Directory for checkpoints. */
    public static final String STATE_DIR = "state.dir";

    public static final String DEFAULT_STATE_DIR = "/var/lib/fleetban/shipper";
    /** Longest time between two checks of every log file. */
    public static final String POLL_INTERVAL = "poll.interval";

    public static final String DEFAULT_POLL_INTERVAL = "10ms";
    /** Where to start in a log file found at a path never read before. */
    public static final String READ_FROM = "read.from";
    /** Longest line kept whole, in bytes. */
    public static final String MAX_LINE_BYTES = "max.line.bytes";

    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    /** Time between two checkpoint saves. */
    public static final String CHECKPOINT_INTERVAL = "checkpoint.interval";

    public static final String DEFAULT_CHECKPOINT_INTERVAL = "1s";
    /** Time zone of log dates without an offset, unless a jail sets {@code logtimezone}. */
    public static final String LOG_TIMEZONE = "log.timezone";
    /** The command that follows the journal for {@code backend = systemd} jails. */
    public static final String JOURNALCTL = "journalctl";

    public static final String DEFAULT_JOURNALCTL = "journalctl";
    /** Where the agent serves {@code GET /metrics} and {@code GET /health}. */
    public static final String METRICS_LISTEN = "metrics.listen";

    /** The keys of {@code [shipper]}: type, default and doc of each, read by {@link #load}. */
    public static final ConfigDef DEFINITION = ConfigDef.section(SHIPPER_SECTION)
            .define(
                    HOST_ID,
                    HostId.TYPE,
                    HostId.DEFAULT,
                    "this host's name in offenses (the coordinator counts"
                            + " failures per host): letters, digits, `. _ : @ -`; the same rule as `[enforcer] host.id`")
            .define(
                    STATE_DIR,
                    ValueType.of("directory", StateDirectory::parse),
                    Default.of(DEFAULT_STATE_DIR),
                    "read positions (checkpoints)")
            .define(
                    POLL_INTERVAL,
                    ValueTypes.durationIn("1ms", "10s"),
                    Default.of(DEFAULT_POLL_INTERVAL),
                    "the longest a new line waits to be read (1ms..10s): the reader wakes on inotify events for the"
                            + " tailed files' directories, and checks at least this often (directories inotify cannot watch,"
                            + " NFS)")
            .define(
                    READ_FROM,
                    ValueType.of("findtime, end or beginning", ShipperConfig::readFrom),
                    Default.of("findtime"),
                    "where to start in a log found at a path never tailed before (first"
                            + " start, a new `logpath`): `findtime` reads back the longest `findtime` of the jails watching it,"
                            + " as fail2ban does at start (an attack in progress is not forgotten); older lines are skipped by"
                            + " a binary search over the lines' dates (the jail's date detection), falling back to reading the"
                            + " whole file when dates are missing or out of order, and failures older than findtime are not"
                            + " published; `end` reads only new lines, `beginning` all of it. A path tailed before never uses"
                            + " it (see Log rotation)")
            .define(
                    MAX_LINE_BYTES,
                    ValueTypes.intIn(256, 16 << 20),
                    Default.of(Integer.toString(DEFAULT_MAX_LINE_BYTES)),
                    "longest line kept whole (256..16777216); longer lines are cut and counted")
            .define(
                    CHECKPOINT_INTERVAL,
                    ValueTypes.durationIn("10ms", "1h"),
                    Default.of(DEFAULT_CHECKPOINT_INTERVAL),
                    "how often checkpoints are saved (10ms..1h); they hold, per file, the last acknowledged offset,"
                            + " its inode and a digest of its first line, and the paths tailed (`state.dir/checkpoints.tsv`);"
                            + " a crash resends at most this much, harmlessly (offense ids are deterministic)")
            .define(
                    LOG_TIMEZONE,
                    ValueType.of("time zone", ShipperConfig::zone),
                    Default.computed("system", ZoneId::systemDefault),
                    "zone of log dates without an offset, unless a"
                            + " jail sets `logtimezone` (as fail2ban uses the process time zone)")
            .define(
                    METRICS_LISTEN,
                    ValueType.of("host:port", MetricsServer::parseListen),
                    Default.none("none (off)"),
                    "`host:port` for `GET /metrics` (Prometheus text) and `GET /health` (200 while the reader runs,"
                            + " else 503); keep it on loopback or a management network")
            .define(
                    JOURNALCTL,
                    ValueTypes.WORDS,
                    Default.of(DEFAULT_JOURNALCTL),
                    "command for `backend = systemd`"
                            + " jails, split at spaces, no shell (e.g. `journalctl --directory=/var/log/journal`); the shipper"
                            + " adds `-o json -f --no-pager`, the resume cursor and the filter's `journalmatch`; cursors are"
                            + " saved in `state.dir/journal-cursors.tsv`")
            .retired("poll.interval.ms", value -> renamed(POLL_INTERVAL, value))
            .retired("checkpoint.interval.ms", value -> renamed(CHECKPOINT_INTERVAL, value));

    /** Integer milliseconds gave way to fail2ban durations like every other interval in fleetban.conf. */
    private static String renamed(String key, String value) {
        return "renamed to " + key + ", which takes a duration (e.g. " + key + " = " + value + "ms)";
    }

    private static ReadFrom readFrom(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "findtime" -> ReadFrom.FINDTIME;
            case "end" -> ReadFrom.END;
            case "beginning" -> ReadFrom.BEGINNING;
            default -> throw new IllegalArgumentException("'" + text + "' is none of findtime, end, beginning");
        };
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time zone (e.g. UTC, Europe/Paris, +02:00)", e);
        }
    }

    /**
     * A jail this host ships offenses for.
     *
     * @param name     the jail name
     * @param logPaths its {@code logpath} globs (absolute)
     * @param filter   its filter, resolved with the jail's options
     * @param findTime its {@code findtime}: how much of an existing log a first start reads
     */
    public record WatchedJail(String name, List<String> logPaths, FilterDefinition filter, Duration findTime) {
        public WatchedJail {
            Objects.requireNonNull(name, "name");
            logPaths = List.copyOf(logPaths);
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(findTime, "findTime");
        }
    }

    /**
     * A jail that reads the systemd journal ({@code backend = systemd}).
     *
     * @param name           the jail name
     * @param filter         its filter, resolved with the jail's options ({@code logtype=journal})
     * @param matchArguments the filter's {@code journalmatch} as journalctl arguments; empty = the whole journal
     */
    public record JournalJail(String name, FilterDefinition filter, List<String> matchArguments) {
        public JournalJail {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(filter, "filter");
            matchArguments = List.copyOf(matchArguments);
        }
    }

    public ShipperConfig {
        Objects.requireNonNull(file, "file");
        journalJails = List.copyOf(journalJails);
        journalctl = List.copyOf(journalctl);
        if (journalctl.isEmpty()) {
            throw new IllegalArgumentException("empty journalctl command");
        }
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(fail2banDir, "fail2banDir");
        jails = List.copyOf(jails);
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(readFrom, "readFrom");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(logTimeZone, "logTimeZone");
        Objects.requireNonNull(metricsListen, "metricsListen");
    }

    /**
     * Reads and validates fleetban.conf and the fail2ban configuration it names.
     *
     * @throws ConfigException naming the file, section and key (and line where known) of the first problem
     */
    public static ShipperConfig load(Path fleetbanConf) {
        return new ShipperConfigReader(fleetbanConf).read();
    }

    /** How the tailer reads, from these settings. */
    public TailOptions tailOptions() {
        return TailOptions.defaults().withReadFrom(readFrom).withMaxLineBytes(maxLineBytes);
    }
}
