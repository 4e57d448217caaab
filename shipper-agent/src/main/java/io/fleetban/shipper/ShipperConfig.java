package io.fleetban.shipper;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.shipper.tail.ReadFrom;
import io.fleetban.shipper.tail.TailOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
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
public record ShipperConfig(Path file, KafkaSettings kafka, Path fail2banDir, List<WatchedJail> jails, String hostId,
                            Path stateDir, Duration pollInterval, ReadFrom readFrom, int maxLineBytes,
                            Duration checkpointInterval, ZoneId logTimeZone, List<JournalJail> journalJails,
                            List<String> journalctl, Optional<InetSocketAddress> metricsListen) {

    /** Section of fleetban.conf with this agent's own keys. */
    public static final String SHIPPER_SECTION = "shipper";
    /** Name of this host in offenses (counted per host by the coordinator); default: the machine's host name. */
    public static final String HOST_ID = "host.id";
    /** Directory for checkpoints; default {@value #DEFAULT_STATE_DIR}. */
    public static final String STATE_DIR = "state.dir";
    public static final String DEFAULT_STATE_DIR = "/var/lib/fleetban/shipper";
    /**
     * Longest time between two checks of every log file (one stat each, a read only when it grew), a fail2ban
     * duration ({@code 10ms}, {@code 1s}; a bare number is seconds, as in fail2ban), 1ms..10s; default
     * {@value #DEFAULT_POLL_INTERVAL}. On Linux a change in a tailed file's directory (inotify) wakes the reader
     * at once, so this bounds the wait only where no notification comes (NFS written elsewhere, an unwatchable
     * directory): then a line waits 5 ms on average, a tenth of the 50 ms ban latency budget.
     */
    public static final String POLL_INTERVAL = "poll.interval";
    public static final String DEFAULT_POLL_INTERVAL = "10ms";
    /**
     * Where to start in a log file found at a path never read before (first start, or a new logpath):
     * {@code findtime} (default, like fail2ban: the lines still inside the jail's findtime, found by a binary search
     * over their dates), {@code end} (only new lines) or {@code beginning} (all of it). A path read before is always
     * resumed from its checkpoint, and a new file there is read from its start.
     */
    public static final String READ_FROM = "read.from";
    /** Longest line kept whole, in bytes; longer lines are cut and counted. Default {@value #DEFAULT_MAX_LINE_BYTES}. */
    public static final String MAX_LINE_BYTES = "max.line.bytes";
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    /**
     * Time between two checkpoint saves, a fail2ban duration, 10ms..1h; default {@value #DEFAULT_CHECKPOINT_INTERVAL}.
     * Bounds how many lines a crash makes us send again (harmlessly: offense ids are deterministic).
     */
    public static final String CHECKPOINT_INTERVAL = "checkpoint.interval";
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "1s";
    /**
     * Time zone of log dates without an offset, unless a jail sets {@code logtimezone}; default: the system zone,
     * as fail2ban uses the process time zone.
     */
    public static final String LOG_TIMEZONE = "log.timezone";
    /**
     * The command that follows the journal for {@code backend = systemd} jails, split at white space and run without
     * a shell: the executable, then fixed options such as {@code --directory=/var/log/journal} or
     * {@code --file=...}; default {@value #DEFAULT_JOURNALCTL} (found on the PATH). The shipper adds
     * {@code -o json -f --no-pager}, the resume point and the jail's {@code journalmatch}.
     */
    public static final String JOURNALCTL = "journalctl";
    public static final String DEFAULT_JOURNALCTL = "journalctl";
    /**
     * {@code host:port} (or {@code [v6]:port}) where the agent serves {@code GET /metrics} (Prometheus text) and
     * {@code GET /health}; default empty = no HTTP listener. Keep it on loopback or a management network: the
     * per-jail counts tell an attacker which jails a host runs.
     */
    public static final String METRICS_LISTEN = "metrics.listen";

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
