package io.fleetban.coordinator;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.SectionValues;
import io.fleetban.config.ValueType;
import io.fleetban.config.ValueTypes;
import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.coordinator.topology.DecisionEvents;
import io.fleetban.coordinator.topology.TopologyOptions;
import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The coordinator's configuration, read once from fleetban.conf: {@code [kafka]} (see {@link KafkaSettings}),
 * {@code [fail2ban] config.dir} (the jails, read unchanged), {@code [coordinator]} ({@link #DEFINITION}: each key's
 * type, default and doc) and {@code [bans]} ({@link BansSection}): the widest networks a ban may cover, as the client
 * and the enforcers read them; a jail whose {@code fleet.ipv6.prefix} or {@code fleet.escalate.*.prefix} is wider is
 * refused at start.
 */
public record CoordinatorConfig(
        Path source,
        KafkaSettings kafka,
        Path fail2banDir,
        JailRules jails,
        String applicationId,
        Path stateDir,
        ListenAddress httpListen,
        Duration commitInterval,
        Duration decisionCommitSpacing,
        int numStreamThreads,
        int numStandbyReplicas,
        GroupTimeouts groupTimeouts,
        ProcessingGuarantee processingGuarantee,
        Duration expiryInterval,
        Duration maxClockSkew,
        long rocksDbMemoryBytes,
        QueryApiOptions queryApi,
        BanLimits banLimits) {

    public static final String SECTION = "coordinator";
    static final String PRODUCER_TRANSACTION_TIMEOUT = "producer.transaction.timeout.ms";
    /** Kafka Streams' own transaction.timeout.ms under exactly-once. */
    static final Duration STREAMS_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    public static final String APPLICATION_ID = "application.id";
    public static final String STATE_DIR = "state.dir";
    public static final String HTTP_LISTEN = "http.listen";
    public static final String COMMIT_INTERVAL = "commit.interval";
    public static final String DECISION_COMMIT_SPACING = "decision.commit.spacing";
    public static final String NUM_STREAM_THREADS = "num.stream.threads";
    public static final String NUM_STANDBY_REPLICAS = "num.standby.replicas";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String EXPIRY_INTERVAL = "expiry.interval";
    public static final String ROCKSDB_MEMORY = "rocksdb.memory";
    public static final String MAX_CLOCK_SKEW = "max.clock.skew";

    public static final String DEFAULT_APPLICATION_ID = "fleetban-coordinator";
    public static final String DEFAULT_STATE_DIR = "/var/lib/fleetban/coordinator";
    public static final String DEFAULT_HTTP_LISTEN = "127.0.0.1:7070";
    public static final String DEFAULT_COMMIT_INTERVAL = "100ms";
    public static final String DEFAULT_DECISION_COMMIT_SPACING = "10ms";
    public static final int DEFAULT_NUM_STREAM_THREADS = 2;
    public static final String DEFAULT_EXPIRY_INTERVAL = "250ms";
    public static final String DEFAULT_ROCKSDB_MEMORY = "256MiB";
    /** NTP keeps hosts within milliseconds; a minute ahead is a wrong clock or a wrong logtimezone. */
    public static final String DEFAULT_MAX_CLOCK_SKEW = "60s";

    /** The keys of {@code [coordinator]}, the query API's among them ({@link QueryApiSection}). */
    public static final ConfigDef DEFINITION = ConfigDef.section(SECTION)
            .define(
                    APPLICATION_ID,
                    ValueTypes.STRING,
                    Default.of(DEFAULT_APPLICATION_ID),
                    "Kafka Streams application (all instances share it; it prefixes the state changelog topics)")
            .define(STATE_DIR, ValueTypes.PATH, Default.of(DEFAULT_STATE_DIR), "RocksDB state")
            .define(
                    HTTP_LISTEN,
                    ValueType.of("host:port", ListenAddress::parse),
                    Default.of(DEFAULT_HTTP_LISTEN),
                    "query API (`fleetban client status`, `banned`), `GET /metrics` and `GET /health` (200 only while"
                            + " Kafka Streams is RUNNING)")
            .define(
                    QueryApiSection.ADVERTISED,
                    ValueType.of("host:port", ListenAddress::parse),
                    Default.none("`http.listen`, or the host's name when listening on `0.0.0.0`/`::`"),
                    "`host:port` the other coordinator instances use to reach this one (Kafka Streams'"
                            + " `application.server`); never a wildcard, and not loopback when `http.listen` is not: two"
                            + " instances advertising the same address would each take the other for itself")
            .define(
                    QueryApiSection.TLS_CERTIFICATE,
                    ValueTypes.PATH,
                    Default.none(),
                    "the query API over HTTPS: PEM" + " certificate chain, with `http.tls.key`")
            .define(
                    QueryApiSection.TLS_KEY,
                    ValueTypes.PATH,
                    Default.none(),
                    "unencrypted PKCS#8 PEM key of" + " `http.tls.certificate`")
            .define(
                    QueryApiSection.TLS_KEYSTORE,
                    ValueTypes.PATH,
                    Default.none(),
                    "the same from a PKCS#12 file" + " (instead of the two above), with `http.tls.keystore.password`")
            .defineSecret(
                    QueryApiSection.TLS_KEYSTORE_PASSWORD,
                    ValueTypes.STRING,
                    Default.none(),
                    "password of `http.tls.keystore`")
            .define(
                    QueryApiSection.TLS_CA,
                    ValueTypes.PATH,
                    Default.none("JDK trust store"),
                    "PEM CA certificate(s)"
                            + " trusted when this instance asks the others (and by `fleetban client` on this host)")
            .define(
                    QueryApiSection.TOKEN_FILE,
                    ValueTypes.PATH,
                    Default.none(),
                    "a file whose first line is the"
                            + " bearer token (at least 16 characters, e.g. `openssl rand -base64 32`) every query must carry;"
                            + " the same file on every coordinator and client; `/metrics` and `/health` do not ask for it")
            .define(
                    QueryApiSection.ALLOW_INSECURE,
                    ValueTypes.BOOLEAN,
                    Default.of("false"),
                    "`true` lets the query"
                            + " API listen on a non-loopback address without TLS and a token (a trusted network only);"
                            + " otherwise the coordinator refuses to start (exit 2)")
            .define(
                    COMMIT_INTERVAL,
                    ValueTypes.POSITIVE_DURATION,
                    Default.of(DEFAULT_COMMIT_INTERVAL),
                    "exactly-once:"
                            + " a ban is visible when its transaction commits, so a ban or unban asks for its commit at once;"
                            + " batches that decide nothing commit every `commit.interval` (under exactly-once shorter than the"
                            + " transaction timeout, 10 s unless `[kafka] producer.transaction.timeout.ms`)")
            .define(
                    DECISION_COMMIT_SPACING,
                    ValueType.of("duration >= 1ms", CoordinatorConfig::wholeMilliseconds),
                    Default.of(DEFAULT_DECISION_COMMIT_SPACING),
                    "how long a ban or unban waits after the end of the commit the previous one asked for, at least"
                            + " (after a slower commit, as long as it took: a burst of decisions shares commits)")
            .define(
                    NUM_STREAM_THREADS,
                    ValueTypes.atLeast(1),
                    Default.of(Integer.toString(DEFAULT_NUM_STREAM_THREADS)),
                    "under exactly-once a stream thread waits for its transaction's commit every commit interval; a"
                            + " second thread keeps processing meanwhile")
            .define(
                    NUM_STANDBY_REPLICAS,
                    ValueTypes.atLeast(0),
                    Default.of("0"),
                    "1 keeps a warm copy of the state" + " on another instance for a fast failover")
            .define(
                    GroupTimeouts.SESSION_TIMEOUT,
                    ValueTypes.durationIn("6s", "30m"),
                    Default.of(GroupTimeouts.DEFAULT_SESSION_TIMEOUT),
                    "how long the other instances wait for a silent one (crashed, cut off, or paused longer than"
                            + " this) before taking over its partitions, whose bans wait meanwhile; within the brokers'"
                            + " `group.min.session.timeout.ms`..`group.max.session.timeout.ms` (6s..30m by default)."
                            + " Shorter takes over sooner, but a pause that long moves the partitions away and back")
            .define(
                    GroupTimeouts.HEARTBEAT_INTERVAL,
                    ValueTypes.durationIn("100ms", "10m"),
                    Default.of(GroupTimeouts.DEFAULT_HEARTBEAT_INTERVAL),
                    "how often each stream thread tells the group it is alive, and learns of a rebalance (so"
                            + " each rebalance may wait this long); at most a third of `session.timeout`")
            .define(
                    PROCESSING_GUARANTEE,
                    ValueType.of("exactly_once_v2 or at_least_once", ProcessingGuarantee::parse),
                    Default.of("exactly_once_v2"),
                    "or `at_least_once`")
            .define(
                    EXPIRY_INTERVAL,
                    ValueTypes.POSITIVE_DURATION,
                    Default.of(DEFAULT_EXPIRY_INTERVAL),
                    "how often bans are checked for expiry")
            .define(
                    ROCKSDB_MEMORY,
                    ValueType.of("size", ByteSize::parse),
                    Default.of(DEFAULT_ROCKSDB_MEMORY),
                    "off-heap memory for all RocksDB stores together (block cache and memtables), so RSS stays"
                            + " bounded however many IPs are in state; at least 16MiB")
            .define(
                    MAX_CLOCK_SKEW,
                    ValueTypes.POSITIVE_DURATION,
                    Default.of(DEFAULT_MAX_CLOCK_SKEW),
                    "an offense whose"
                            + " log time is further ahead of the coordinator's clock is counted as now and reported (log line"
                            + " naming the host, metric): that host's clock or its logtimezone is wrong");

    /** Kafka Streams' processing guarantees that fleetban supports. */
    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2("exactly_once_v2"),
        AT_LEAST_ONCE("at_least_once");

        private final String streamsValue;

        ProcessingGuarantee(String streamsValue) {
            this.streamsValue = streamsValue;
        }

        /** The value of Kafka Streams' {@code processing.guarantee}. */
        public String streamsValue() {
            return streamsValue;
        }

        static ProcessingGuarantee parse(String text) {
            for (ProcessingGuarantee guarantee : values()) {
                if (guarantee.streamsValue.equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return guarantee;
                }
            }
            throw new IllegalArgumentException("expected exactly_once_v2 or at_least_once, got '" + text + "'");
        }
    }

    public CoordinatorConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(jails, "jails");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(httpListen, "httpListen");
        Objects.requireNonNull(groupTimeouts, "groupTimeouts");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commitInterval must be positive: " + commitInterval);
        }
        if (decisionCommitSpacing.toMillis() < 1) {
            throw new IllegalArgumentException("decisionCommitSpacing must be at least 1 ms: " + decisionCommitSpacing);
        }
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("expiryInterval must be positive: " + expiryInterval);
        }
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative: " + maxClockSkew);
        }
        if (numStreamThreads < 1 || numStandbyReplicas < 0 || rocksDbMemoryBytes < 16L << 20) {
            throw new IllegalArgumentException(
                    "need numStreamThreads >= 1, numStandbyReplicas >= 0 and" + " rocksDbMemoryBytes >= 16 MiB");
        }
    }

    /** The topology's options from this config, reporting to {@code events}. */
    public TopologyOptions topologyOptions(DecisionEvents events) {
        return new TopologyOptions(
                expiryInterval, decisionCommitSpacing, maxClockSkew, events, new BanTargetRule(banLimits));
    }

    /**
     * Reads and validates fleetban.conf and the fail2ban jails it points to.
     *
     * @throws ConfigException naming file, section, key (and line) of the first problem
     */
    public static CoordinatorConfig load(Path fleetbanConf) {
        IniFile ini = IniFile.read(fleetbanConf);
        SectionValues section = DEFINITION.parse(ini);
        Map<String, String> kafkaSection = ini.section("kafka")
                .orElseThrow(() -> ini.error("kafka", KafkaSettings.BOOTSTRAP_SERVERS, "section [kafka] is missing"));
        KafkaSettings kafka;
        try {
            kafka = KafkaSettings.parse(
                    kafkaSection,
                    ini.section(KafkaSettings.agentSection(SECTION)).orElse(Map.of()),
                    SECTION,
                    fleetbanConf.toString());
        } catch (IllegalArgumentException e) {
            // The message already reads "<file>: [kafka] <key>: <problem>".
            throw new ConfigException(null, null, null, null, e.getMessage(), e);
        }
        Path fail2banDir = Fail2banSection.configDir(ini);
        JailRules jails = JailRules.fromDefinitions(JailsReader.read(fail2banDir));
        if (jails.all().isEmpty()) {
            // A coordinator without an enabled jail would run and never ban: almost surely a wrong config.dir.
            throw ini.error(Fail2banSection.SECTION, Fail2banSection.CONFIG_DIR, "no enabled jail in " + fail2banDir);
        }
        ProcessingGuarantee guarantee = section.get(PROCESSING_GUARANTEE);
        Duration commitInterval = section.duration(COMMIT_INTERVAL);
        Duration transactionTimeout = transactionTimeout(ini, kafka);
        if (guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 && commitInterval.compareTo(transactionTimeout) >= 0) {
            // Kafka Streams refuses to start then: the broker would abort every transaction before its commit.
            throw ini.error(
                    SECTION,
                    COMMIT_INTERVAL,
                    "must be shorter than the exactly-once transaction timeout (" + transactionTimeout.toMillis()
                            + "ms; [kafka] " + PRODUCER_TRANSACTION_TIMEOUT + ")");
        }
        ListenAddress httpListen = section.get(HTTP_LISTEN);
        return new CoordinatorConfig(
                fleetbanConf,
                kafka,
                fail2banDir,
                jails,
                section.get(APPLICATION_ID),
                section.get(STATE_DIR),
                httpListen,
                commitInterval,
                section.duration(DECISION_COMMIT_SPACING),
                section.integer(NUM_STREAM_THREADS),
                section.integer(NUM_STANDBY_REPLICAS),
                GroupTimeouts.read(ini, section, kafka),
                guarantee,
                section.duration(EXPIRY_INTERVAL),
                section.duration(MAX_CLOCK_SKEW),
                section.<Long>get(ROCKSDB_MEMORY),
                QueryApiSection.read(ini, section, httpListen),
                banLimits(ini, jails));
    }

    /** The same configuration with other query API options (tests build TLS and advertised addresses in code). */
    public CoordinatorConfig withQueryApi(QueryApiOptions options) {
        return new CoordinatorConfig(
                source,
                kafka,
                fail2banDir,
                jails,
                applicationId,
                stateDir,
                httpListen,
                commitInterval,
                decisionCommitSpacing,
                numStreamThreads,
                numStandbyReplicas,
                groupTimeouts,
                processingGuarantee,
                expiryInterval,
                maxClockSkew,
                rocksDbMemoryBytes,
                options,
                banLimits);
    }

    /**
     * {@code [bans]}, checked against the jails: a jail that counts or escalates by a network wider than a ban may
     * cover would decide bans that every enforcer refuses.
     */
    private static BanLimits banLimits(IniFile ini, JailRules jails) {
        BanLimits limits = BansSection.limits(ini);
        for (JailRule rule : jails.all()) {
            int v6 = rule.policy().fleet().ipv6PrefixLength();
            if (v6 < limits.maxPrefixV6()) {
                throw ini.error(
                        BansSection.SECTION,
                        BansSection.MAX_PREFIX_V6,
                        "jail " + rule.name()
                                + " has fleet.ipv6.prefix = " + v6 + ", wider than /" + limits.maxPrefixV6()
                                + "; set max.prefix.v6 = " + v6
                                + " here (and so on every enforcer) or narrow the jail's");
            }
            for (PrefixEscalation escalation : rule.escalation().stream().toList()) {
                if (escalation.ipv4Prefix() < limits.maxPrefixV4()) {
                    throw ini.error(
                            BansSection.SECTION,
                            BansSection.MAX_PREFIX_V4,
                            "jail " + rule.name()
                                    + " has fleet.escalate.ipv4.prefix = " + escalation.ipv4Prefix() + ", wider than /"
                                    + limits.maxPrefixV4() + "; set max.prefix.v4 = " + escalation.ipv4Prefix()
                                    + " here or narrow the jail's");
                }
                if (escalation.ipv6Prefix() < limits.maxPrefixV6()) {
                    throw ini.error(
                            BansSection.SECTION,
                            BansSection.MAX_PREFIX_V6,
                            "jail " + rule.name()
                                    + " has fleet.escalate.ipv6.prefix = " + escalation.ipv6Prefix() + ", wider than /"
                                    + limits.maxPrefixV6() + "; set max.prefix.v6 = " + escalation.ipv6Prefix()
                                    + " here or narrow the jail's");
                }
            }
        }
        return limits;
    }

    private static Duration transactionTimeout(IniFile ini, KafkaSettings kafka) {
        try {
            return transactionTimeout(kafka.clientOverrides());
        } catch (NumberFormatException e) {
            throw ini.error(
                    "kafka",
                    PRODUCER_TRANSACTION_TIMEOUT,
                    "not a number of milliseconds: '" + kafka.clientOverrides().get(PRODUCER_TRANSACTION_TIMEOUT)
                            + "'");
        }
    }

    /**
     * Kafka Streams' exactly-once producer timeout in these client settings ({@code [kafka]} or the Streams
     * configuration): 10 s unless {@code producer.transaction.timeout.ms}. Under exactly-once Streams ignores the
     * unprefixed {@code transaction.timeout.ms}, so this does too.
     *
     * @throws NumberFormatException when the value is not a number of milliseconds
     */
    static Duration transactionTimeout(Map<String, ?> clientConfig) {
        Object value = clientConfig.get(PRODUCER_TRANSACTION_TIMEOUT);
        return value == null
                ? STREAMS_TRANSACTION_TIMEOUT
                : Duration.ofMillis(Long.parseLong(value.toString().strip()));
    }

    /** At least a millisecond: Kafka Streams' timers have no finer grain. */
    static Duration wholeMilliseconds(String text) {
        Duration duration = Durations.parse(text);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException("must be at least 1ms, got '" + text + "'");
        }
        return duration;
    }
}
