package io.fleetban.enforcer;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.HostId;
import io.fleetban.config.SectionValues;
import io.fleetban.config.ValueType;
import io.fleetban.config.ValueTypes;
import io.fleetban.enforcer.backend.BackendType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.command.Fail2banAction;
import io.fleetban.enforcer.backend.command.Fail2banActionReader;
import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.files.StateDirectory;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.metrics.MetricsServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public record EnforcerConfig(
        Path source,
        KafkaSettings kafka,
        Path fail2banDir,
        List<EnforcedJail> jails,
        String hostId,
        Path stateDir,
        BackendType backend,
        List<IpRange> neverBan,
        BanLimits banLimits,
        int maxEntries,
        Duration reconcileInterval,
        Duration driftCheckInterval,
        Duration unbanMemory,
        Optional<Fail2banAction> action,
        Optional<InetSocketAddress> metricsListen,
        Duration fetchMaxWait,
        Optional<String> firewallNamespace,
        Duration statusInterval) {

    public static final String KAFKA_SECTION = "kafka";
    public static final String SECTION = "enforcer";

    /** This host's name ({@link HostId}, the same rule as the shipper's). */
    public static final String HOST_ID = "host.id";
    /** Directory for what the enforcer keeps across restarts. */
    public static final String STATE_DIR = "state.dir";

    public static final String DEFAULT_STATE_DIR = "/var/lib/fleetban/enforcer";
    /** Firewall backend. */
    public static final String BACKEND = "backend";
    /** Extra CIDRs never banned. */
    public static final String NEVER_BAN = "never.ban";
    /** Most entries in one set. */
    public static final String MAX_ENTRIES = "max.entries";
    /** How often the kernel's sets are compared with the ban list and repaired. */
    public static final String RECONCILE_INTERVAL = "reconcile.interval";
    /** How often the firewall objects fleetban owns are checked and put back. */
    public static final String DRIFT_CHECK_INTERVAL = "drift.check.interval";

    public static final String DEFAULT_DRIFT_CHECK_INTERVAL = "1s";
    /** How long an unban is remembered to reject an older ban read after it. */
    public static final String UNBAN_MEMORY = "unban.memory";
    /** With {@code backend = command}: the fail2ban action to run. */
    public static final String ACTION = "action";
    /** Where the agent serves {@code GET /metrics} and {@code GET /health}. */
    public static final String METRICS_LISTEN = "metrics.listen";
    /** Longest time the broker holds a fetch of the decision topics while it has nothing new. */
    public static final String FETCH_MAX_WAIT = "fetch.max.wait";

    public static final String DEFAULT_FETCH_MAX_WAIT = "1s";
    /** A network namespace whose firewall this enforcer manages instead of its own. */
    public static final String FIREWALL_NETNS = "firewall.netns";
    /** How often this host publishes its state when nothing changes. */
    public static final String STATUS_INTERVAL = "status.interval";

    public static final String DEFAULT_STATUS_INTERVAL = "10s";

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The keys of {@code [enforcer]}: type, default and doc of each, read by {@link #load}. */
    public static final ConfigDef DEFINITION = ConfigDef.section(SECTION)
            .define(
                    HOST_ID,
                    HostId.TYPE,
                    HostId.DEFAULT,
                    "this host's name in logs, the enforcer-status topic and"
                            + " the Kafka client id; the same rule as `[shipper] host.id`")
            .define(
                    STATE_DIR,
                    ValueType.of("directory", StateDirectory::parse),
                    Default.of(DEFAULT_STATE_DIR),
                    "with `schema.registry.url` only (created at start): the registry's answers in"
                            + " `state.dir/schema-cache/`, so an enforcer restarted during a registry outage decodes every"
                            + " decision whose schema it has seen")
            .define(
                    BACKEND,
                    ValueType.of("backend", EnforcerConfig::backendType),
                    Default.of("ipset"),
                    "`ipset` (+ iptables), `nftables`, `iptables` (one rule per ban), `command` (a fail2ban"
                            + " `action.d` action), `dry-run`")
            .define(
                    ACTION,
                    ValueTypes.STRING,
                    Default.none(),
                    "with `backend = command`: the action as a jail names"
                            + " it, `name[param=value, ...]` from `action.d`, e.g. `hostsdeny`, `route`,"
                            + " `iptables-multiport[blocktype=DROP]`; `<ip> <ip-rev> <family> <name> <port> <protocol>"
                            + " <bantime>` come from validated values; lines without shell syntax run without a shell, others"
                            + " via `/bin/sh -c` with quoted values; an action needing other tags (`<matches>`, `<fq-hostname>`,"
                            + " ...) is refused at start")
            .define(
                    NEVER_BAN,
                    ValueTypes.CIDR_LIST,
                    Default.none(),
                    "CIDRs never banned, separated by spaces or"
                            + " commas (loopback, own addresses, brokers and `ignoreip` always are)")
            .define(
                    MAX_ENTRIES,
                    ValueTypes.intIn(1, 16_777_216),
                    Default.of("131072"),
                    "per set (per jail and family), with an alarm when reached")
            .define(
                    RECONCILE_INTERVAL,
                    ValueTypes.POSITIVE_DURATION,
                    Default.of("60s"),
                    "how often the kernel's sets are compared with the ban list and repaired")
            .define(
                    UNBAN_MEMORY,
                    ValueTypes.POSITIVE_DURATION,
                    Default.of("10m"),
                    "how long an unban is remembered, to reject an older ban read after it")
            .define(
                    DRIFT_CHECK_INTERVAL,
                    ValueTypes.durationIn("100ms", "1m"),
                    Default.of(DEFAULT_DRIFT_CHECK_INTERVAL),
                    "how often the enforcer checks that its jump from INPUT, chain, rules, sets or nftables table are"
                            + " still there and puts back what another tool removed (100ms..1m; see Observability)")
            .define(
                    FIREWALL_NETNS,
                    ValueType.of("namespace", EnforcerConfig::namespace),
                    Default.none(),
                    "a network namespace (`ip netns`) whose firewall this enforcer manages instead of its own (every"
                            + " firewall command runs under `ip netns exec`)")
            .define(
                    FETCH_MAX_WAIT,
                    ValueTypes.durationIn("1ms", "10s"),
                    Default.of(DEFAULT_FETCH_MAX_WAIT),
                    "how long the broker holds an idle fetch of the decision topics (1ms..10s); a committed ban"
                            + " usually ends it at once, and each idle enforcer costs the brokers one fetch per wait")
            .define(
                    METRICS_LISTEN,
                    ValueType.of("host:port", MetricsServer::parseListen),
                    Default.none("none (off)"),
                    "`host:port` for `GET /metrics` and `GET /health` (200 while the decision loop runs and the"
                            + " firewall can be checked and repaired, else 503)")
            .define(
                    STATUS_INTERVAL,
                    ValueTypes.durationIn("1s", "10m"),
                    Default.of(DEFAULT_STATUS_INTERVAL),
                    "how often the enforcer publishes its state to `enforcer-status` when nothing changes (1s..10m; it"
                            + " also publishes after applying decisions: at once after a quiet spell, every 4 to 8 s"
                            + " while they keep coming); the coordinator reports a host silent for 3 of its intervals"
                            + " as `missing`")
            .retired(BansSection.MAX_PREFIX_V4, value -> movedToBans(BansSection.MAX_PREFIX_V4))
            .retired(BansSection.MAX_PREFIX_V6, value -> movedToBans(BansSection.MAX_PREFIX_V6));

    public EnforcerConfig {
        jails = List.copyOf(jails);
        neverBan = List.copyOf(neverBan);
    }

    /** Reads and validates {@code fleetbanConf} and the fail2ban jails it points to. */
    public static EnforcerConfig load(Path fleetbanConf) {
        final IniFile ini = IniFile.read(fleetbanConf);
        final SectionValues section = DEFINITION.parse(ini);
        final KafkaSettings kafka = KafkaSettings.parse(
                ini.section(KAFKA_SECTION).orElseThrow(() -> ini.error(KAFKA_SECTION, null, "section missing")),
                ini.section(KafkaSettings.agentSection(SECTION)).orElse(Map.of()),
                SECTION,
                fleetbanConf.toString());
        final Path dir = Fail2banSection.configDir(ini);
        final BackendType backend = section.get(BACKEND);
        final EnforcerConfig parsed = new EnforcerConfig(
                fleetbanConf,
                kafka,
                dir,
                List.of(),
                section.get(HOST_ID),
                section.get(STATE_DIR),
                backend,
                section.<List<IpRange>>optional(NEVER_BAN).orElse(List.of()),
                BansSection.limits(ini),
                section.integer(MAX_ENTRIES),
                section.duration(RECONCILE_INTERVAL),
                section.duration(DRIFT_CHECK_INTERVAL),
                section.duration(UNBAN_MEMORY),
                commandAction(ini, section, backend, dir),
                section.optional(METRICS_LISTEN),
                section.duration(FETCH_MAX_WAIT),
                section.optional(FIREWALL_NETNS),
                section.duration(STATUS_INTERVAL));
        return parsed.withJails(EnforcedJails.from(JailsReader.read(dir), dir));
    }

    /** The same configuration for other jails (tests and the demo build jails in code). */
    public EnforcerConfig withJails(List<EnforcedJail> newJails) {
        return new EnforcerConfig(
                source,
                kafka,
                fail2banDir,
                newJails,
                hostId,
                stateDir,
                backend,
                neverBan,
                banLimits,
                maxEntries,
                reconcileInterval,
                driftCheckInterval,
                unbanMemory,
                action,
                metricsListen,
                fetchMaxWait,
                firewallNamespace,
                statusInterval);
    }

    /** Reads {@value #ACTION} now, so an action fleetban cannot run stops the start with the action's file and key. */
    private static Optional<Fail2banAction> commandAction(
            IniFile ini, SectionValues section, BackendType backend, Path fail2banDir) {
        final String reference = section.<String>optional(ACTION).orElse("");
        if (backend != BackendType.COMMAND) {
            if (!reference.isEmpty()) {
                throw ini.error(
                        SECTION, ACTION, "only used with " + BACKEND + " = " + BackendType.COMMAND.configName());
            }
            return Optional.empty();
        }
        if (reference.isEmpty()) {
            throw ini.error(
                    SECTION,
                    ACTION,
                    "required with " + BACKEND + " = " + BackendType.COMMAND.configName()
                            + ", e.g. hostsdeny or iptables-multiport[blocktype=DROP]");
        }
        try {
            return Optional.of(Fail2banActionReader.read(fail2banDir.resolve("action.d"), reference));
        } catch (IllegalArgumentException | ConfigException e) {
            throw ini.error(SECTION, ACTION, e.getMessage());
        }
    }

    /** {@code [bans]} holds them, which the coordinator and fleetban client read too. */
    private static String movedToBans(String key) {
        return "moved to [" + BansSection.SECTION + "] " + key
                + ", which the coordinator and fleetban client read too, so that all refuse the same bans";
    }

    private static BackendType backendType(String text) {
        return BackendType.fromConfigName(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown backend '" + text + "'; choose one of: " + BackendType.choices()));
    }

    private static String namespace(String text) {
        if (!NAMESPACE.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "not a network namespace name (a letter or digit, then [A-Za-z0-9_.-], at most 64): '" + text
                            + "'");
        }
        return text;
    }
}
