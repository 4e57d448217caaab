package io.fleetban.enforcer;

import io.fleetban.enforcer.backend.BackendType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.command.CommandAction;
import io.fleetban.enforcer.backend.command.CommandActionReader;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.files.StateDirectory;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.metrics.MetricsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The enforcer's configuration, read once from fleetban.conf ({@code [kafka]}, {@code [fail2ban]},
 * {@code [enforcer]}) and the fail2ban jails, validated, immutable. Every mistake is a {@link ConfigException}
 * naming file, line, section and key. Nothing deeper reads the INI text.
 *
 * @param source            the fleetban.conf read
 * @param kafka             connection and topic naming ({@code [kafka]})
 * @param fail2banDir       {@code [fail2ban] config.dir}
 * @param jails             the enabled jails' ports, protocol, blocktype and ignoreip
 * @param hostId            {@value #HOST_ID}
 * @param stateDir          {@value #STATE_DIR}: where the Schema Registry's answers are kept
 * @param backend           {@value #BACKEND}
 * @param neverBan          {@value #NEVER_BAN}
 * @param banLimits         {@code [bans] max.prefix.v4 / max.prefix.v6}, shared with the coordinator and the client
 * @param maxEntries        {@value #MAX_ENTRIES}
 * @param reconcileInterval {@value #RECONCILE_INTERVAL}
 * @param driftCheckInterval {@value #DRIFT_CHECK_INTERVAL}
 * @param unbanMemory       {@value #UNBAN_MEMORY}
 * @param action            {@value #ACTION}: the resolved fail2ban action, present exactly when {@code backend = command}
 * @param metricsListen     {@value #METRICS_LISTEN}: where {@code /metrics} and {@code /health} answer; empty = off
 * @param fetchMaxWait      {@value #FETCH_MAX_WAIT}
 * @param firewallNamespace {@value #FIREWALL_NETNS}: empty = the enforcer's own network namespace
 * @param statusInterval    {@value #STATUS_INTERVAL}
 */
public record EnforcerConfig(Path source, KafkaSettings kafka, Path fail2banDir, List<EnforcedJail> jails,
                             String hostId, Path stateDir, BackendType backend, List<IpRange> neverBan,
                             BanLimits banLimits, int maxEntries, Duration reconcileInterval,
                             Duration driftCheckInterval, Duration unbanMemory, Optional<CommandAction> action,
                             Optional<InetSocketAddress> metricsListen, Duration fetchMaxWait,
                             Optional<String> firewallNamespace, Duration statusInterval) {

    public static final String KAFKA_SECTION = "kafka";
    public static final String SECTION = "enforcer";

    /** Name of this host in logs and the Kafka client id. Default: the hostname. */
    public static final String HOST_ID = "host.id";
    /**
     * Directory for what the enforcer keeps across restarts: the Schema Registry's answers, so that an enforcer
     * restarted during a registry outage still decodes every decision whose schema it has seen. Used only with
     * {@code [kafka] schema.registry.url}; default {@value #DEFAULT_STATE_DIR}.
     */
    public static final String STATE_DIR = "state.dir";
    public static final String DEFAULT_STATE_DIR = "/var/lib/fleetban/enforcer";
    /**
     * Firewall backend: ipset (default), iptables (no ipset needed), nftables, command (a fail2ban action.d
     * action, see {@link #ACTION}) or dry-run.
     */
    public static final String BACKEND = "backend";
    /**
     * Extra CIDRs never banned, separated by spaces or commas. Loopback, this host's addresses, the brokers'
     * addresses and each jail's ignoreip are always refused anyway.
     */
    public static final String NEVER_BAN = "never.ban";
    /** Moved to {@code [bans]} (see {@link BansSection}); named here only to say so. */
    private static final Set<String> MOVED_TO_BANS = Set.of(BansSection.MAX_PREFIX_V4, BansSection.MAX_PREFIX_V6);
    /** Most entries in one set (per jail and family, 1..16777216, default 131072); further bans raise an alarm. */
    public static final String MAX_ENTRIES = "max.entries";
    /** How often the kernel's sets are compared with the ban list and repaired (fail2ban duration, default 60s). */
    public static final String RECONCILE_INTERVAL = "reconcile.interval";
    /**
     * How often fleetban checks that its jump from INPUT, chain, rules, sets or nftables table are still in place and
     * puts back what another tool removed ({@code ufw reload}, {@code firewall-cmd --reload}, {@code iptables -F},
     * a restored ruleset, {@code ipset flush}, {@code nft flush ruleset}); fail2ban duration, 100ms..1m, default
     * {@value #DEFAULT_DRIFT_CHECK_INTERVAL}. A banned address gets through from the removal until the next check.
     */
    public static final String DRIFT_CHECK_INTERVAL = "drift.check.interval";
    public static final String DEFAULT_DRIFT_CHECK_INTERVAL = "1s";
    /** How long an unban is remembered to reject an older ban read after it (default 10m). */
    public static final String UNBAN_MEMORY = "unban.memory";

    /**
     * With {@code backend = command} (required there, refused otherwise): the fail2ban action to run, as a jail
     * names it, {@code name[param=value, ...]} from {@code <config.dir>/action.d}, e.g. {@code hostsdeny},
     * {@code route}, {@code iptables-multiport[blocktype=DROP]}. Its actionstart runs at start, actionban and
     * actionunban per decision, actionstop at shutdown, per jail, with {@code <ip> <ip-rev> <family> <name> <port>
     * <protocol> <bantime>} filled from validated values; {@code name}, {@code port} and {@code protocol} come from
     * each jail and cannot be given here. A command without shell syntax runs as an argument vector; one with
     * pipes, redirections, {@code && ; $(..)} or backticks runs under {@code /bin/sh -c} with the values quoted.
     * An action needing any other tag ({@code <matches>}, {@code <failures>} ...) is refused at start.
     */
    public static final String ACTION = "action";

    /**
     * {@code host:port} (or {@code [v6]:port}) where the agent serves {@code GET /metrics} (Prometheus text) and
     * {@code GET /health}; default empty = no HTTP listener. Keep it on loopback or a management network.
     */
    public static final String METRICS_LISTEN = "metrics.listen";

    /**
     * Longest time the broker holds a fetch of the decision topics while it has nothing new (fleetban duration,
     * 1ms..10s, default {@value #DEFAULT_FETCH_MAX_WAIT}). The consumer asks for one byte, so most bans end a
     * waiting fetch when their transaction commits, and the wait bounds the rest. Every idle enforcer sends the
     * brokers one fetch per wait: at 10ms, 100 a second per host, which a fleet of hundreds of hosts multiplies,
     * while a longer wait delays only the bans that commit when no fetch is waiting (README, Benchmarks).
     */
    public static final String FETCH_MAX_WAIT = "fetch.max.wait";
    public static final String DEFAULT_FETCH_MAX_WAIT = "1s";

    /**
     * Name of a network namespace ({@code ip netns}) whose firewall this enforcer manages instead of its own: every
     * ipset/iptables/nft command runs under {@code ip netns exec <name>}. Default empty. For several enforcers on
     * one machine (the latency benchmark) or a host that enforces for a container's namespace.
     */
    public static final String FIREWALL_NETNS = "firewall.netns";

    /**
     * How often this host publishes its state to the enforcer-status topic when nothing changes (it also publishes
     * right after applying decisions); fleetban duration, 1s..10m, default {@value #DEFAULT_STATUS_INTERVAL}. The
     * coordinator reports a host silent for three intervals as missing.
     */
    public static final String STATUS_INTERVAL = "status.interval";
    public static final String DEFAULT_STATUS_INTERVAL = "10s";

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> KEYS = Set.of(HOST_ID, STATE_DIR, BACKEND, NEVER_BAN, MAX_ENTRIES,
            RECONCILE_INTERVAL, DRIFT_CHECK_INTERVAL, UNBAN_MEMORY, ACTION, METRICS_LISTEN, FETCH_MAX_WAIT,
            FIREWALL_NETNS, STATUS_INTERVAL);

    public EnforcerConfig {
        jails = List.copyOf(jails);
        neverBan = List.copyOf(neverBan);
    }

    /** Reads and validates {@code fleetbanConf} and the fail2ban jails it points to. */
    public static EnforcerConfig load(Path fleetbanConf) {
        final IniFile ini = IniFile.read(fleetbanConf);
        final Map<String, String> section = ini.section(SECTION).orElse(Map.of());
        for (String key : section.keySet()) {
            if (MOVED_TO_BANS.contains(key)) {
                throw ini.error(SECTION, key, "moved to [" + BansSection.SECTION + "] " + key
                        + ", which the coordinator and fleetban client read too, so that all refuse the same bans");
            }
            if (!KEYS.contains(key)) {
                throw ini.error(SECTION, key, "unknown key; known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        final KafkaSettings kafka = KafkaSettings.parse(
                ini.section(KAFKA_SECTION).orElseThrow(() -> ini.error(KAFKA_SECTION, null, "section missing")),
                ini.section(KafkaSettings.agentSection(SECTION)).orElse(Map.of()), SECTION, fleetbanConf.toString());
        final Path dir = Fail2banSection.configDir(ini);
        final BackendType backend = value(ini, section, BACKEND, BackendType.IPSET, EnforcerConfig::backendType);
        final EnforcerConfig parsed = new EnforcerConfig(fleetbanConf, kafka, dir, List.of(),
                section.containsKey(HOST_ID) && !section.get(HOST_ID).isBlank()
                        ? parseValue(ini, section, SECTION, HOST_ID, EnforcerConfig::nonBlank) : defaultHostId(),
                value(ini, section, STATE_DIR, Path.of(DEFAULT_STATE_DIR), StateDirectory::parse),
                backend,
                value(ini, section, NEVER_BAN, List.of(), EnforcerConfig::ranges),
                BansSection.limits(ini),
                value(ini, section, MAX_ENTRIES, 131_072, text -> intIn(text, 1, 16_777_216)),
                value(ini, section, RECONCILE_INTERVAL, Duration.ofSeconds(60), EnforcerConfig::positiveDuration),
                value(ini, section, DRIFT_CHECK_INTERVAL, Durations.parse(DEFAULT_DRIFT_CHECK_INTERVAL),
                        EnforcerConfig::driftCheck),
                value(ini, section, UNBAN_MEMORY, Duration.ofMinutes(10), EnforcerConfig::positiveDuration),
                commandAction(ini, section, backend, dir),
                value(ini, section, METRICS_LISTEN, Optional.empty(), text -> Optional.of(MetricsServer.parseListen(text))),
                value(ini, section, FETCH_MAX_WAIT, Durations.parse(DEFAULT_FETCH_MAX_WAIT), EnforcerConfig::fetchWait),
                value(ini, section, FIREWALL_NETNS, Optional.empty(), EnforcerConfig::namespace),
                value(ini, section, STATUS_INTERVAL, Durations.parse(DEFAULT_STATUS_INTERVAL), EnforcerConfig::statusInterval));
        return parsed.withJails(EnforcedJails.from(JailsReader.read(dir), dir));
    }

    /** The same configuration for other jails (tests and the demo build jails in code). */
    public EnforcerConfig withJails(List<EnforcedJail> newJails) {
        return new EnforcerConfig(source, kafka, fail2banDir, newJails, hostId, stateDir, backend, neverBan,
                banLimits, maxEntries, reconcileInterval, driftCheckInterval, unbanMemory, action, metricsListen,
                fetchMaxWait, firewallNamespace, statusInterval);
    }

    /** Reads {@value #ACTION} now, so an action fleetban cannot run stops the start with the action's file and key. */
    private static Optional<CommandAction> commandAction(IniFile ini, Map<String, String> section, BackendType backend,
                                                         Path fail2banDir) {
        final String reference = section.getOrDefault(ACTION, "").strip();
        if (backend != BackendType.COMMAND) {
            if (!reference.isEmpty()) {
                throw ini.error(SECTION, ACTION, "only used with " + BACKEND + " = " + BackendType.COMMAND.configName());
            }
            return Optional.empty();
        }
        if (reference.isEmpty()) {
            throw ini.error(SECTION, ACTION, "required with " + BACKEND + " = " + BackendType.COMMAND.configName()
                    + ", e.g. hostsdeny or iptables-multiport[blocktype=DROP]");
        }
        try {
            return Optional.of(CommandActionReader.read(fail2banDir.resolve("action.d"), reference));
        } catch (IllegalArgumentException | ConfigException e) {
            throw ini.error(SECTION, ACTION, e.getMessage());
        }
    }

    private static <T> T value(IniFile ini, Map<String, String> section, String key, T defaultValue,
                               Function<String, T> parser) {
        final String text = section.get(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        return parseValue(ini, section, SECTION, key, parser);
    }

    private static <T> T parseValue(IniFile ini, Map<String, String> section, String sectionName, String key,
                               Function<String, T> parser) {
        try {
            return parser.apply(section.get(key).strip());
        } catch (IllegalArgumentException e) {
            throw ini.error(sectionName, key, e.getMessage());
        }
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }

    private static BackendType backendType(String text) {
        return BackendType.fromConfigName(text).orElseThrow(() -> new IllegalArgumentException(
                "unknown backend '" + text + "'; choose one of: " + BackendType.choices()));
    }

    private static List<IpRange> ranges(String text) {
        final List<IpRange> ranges = new ArrayList<>();
        for (String part : text.split("[\\s,]+")) {
            if (!part.isEmpty()) {
                ranges.add(IpRange.parse(part));
            }
        }
        return ranges;
    }

    private static int intIn(String text, int min, int max) {
        final int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + text + "'", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    private static Duration positiveDuration(String text) {
        final Duration duration = Durations.parse(text);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be a positive duration: '" + text + "'");
        }
        return duration;
    }

    private static Duration driftCheck(String text) {
        final Duration duration = Durations.parse(text);
        if (duration.compareTo(Duration.ofMillis(100)) < 0 || duration.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("must be 100ms..1m: '" + text + "'");
        }
        return duration;
    }

    private static Duration fetchWait(String text) {
        final Duration duration = Durations.parse(text);
        if (duration.compareTo(Duration.ofMillis(1)) < 0 || duration.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("must be 1ms..10s: '" + text + "'");
        }
        return duration;
    }

    private static Duration statusInterval(String text) {
        final Duration duration = Durations.parse(text);
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("must be 1s..10m: '" + text + "'");
        }
        return duration;
    }

    private static Optional<String> namespace(String text) {
        if (!NAMESPACE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a network namespace name (a letter or digit, then [A-Za-z0-9_.-], at most 64): '"
                    + text + "'");
        }
        return Optional.of(text);
    }

    /** fail2ban and fleetban name a host by its hostname unless told otherwise. */
    private static String defaultHostId() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A host without a resolvable name still gets a usable id; host.id only labels logs and the client id.
            return "localhost";
        }
    }
}
