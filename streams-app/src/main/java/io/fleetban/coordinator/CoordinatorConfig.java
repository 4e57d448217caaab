package io.fleetban.coordinator;

import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.coordinator.topology.DecisionEvents;
import io.fleetban.coordinator.topology.TopologyOptions;
import io.fleetban.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.TreeSet;
import java.util.Objects;
import java.util.function.Function;

/**
 * The coordinator's configuration, read once from fleetban.conf: {@code [kafka]} (see {@link KafkaSettings}),
 * {@code [fail2ban] config.dir} (the jails, read unchanged) and {@code [coordinator]}:
 * <ul>
 *   <li>{@value #APPLICATION_ID} (default {@value #DEFAULT_APPLICATION_ID}): the Kafka Streams application id; every
 *       instance of one coordinator uses the same id, and it prefixes the state changelog topics.</li>
 *   <li>{@value #STATE_DIR} (default {@value #DEFAULT_STATE_DIR}): where RocksDB keeps the state.</li>
 *   <li>{@value #HTTP_LISTEN} (default {@value #DEFAULT_HTTP_LISTEN}): the query API's {@code host:port}. The other
 *       instances reach it at {@code http.advertised} (Kafka Streams' {@code application.server}; default the listen
 *       address, or this host's name when listening on a wildcard). An address other hosts can reach needs TLS
 *       ({@code http.tls.certificate} + {@code http.tls.key}, or {@code http.tls.keystore} +
 *       {@code http.tls.keystore.password}) and {@code http.auth.token.file}, unless {@code http.allow.insecure =
 *       true}; {@code http.tls.ca} is the CA trusted when calling the other instances (see {@link QueryApiSection}).</li>
 *   <li>{@value #COMMIT_INTERVAL} (default {@value #DEFAULT_COMMIT_INTERVAL}): how often a stream thread commits
 *       its transaction when nothing was decided; {@code 20ms}, {@code 1s} or fail2ban time forms. Under exactly-once
 *       a decision becomes visible only at commit, so a ban or unban asks for its commit at once instead,
 *       {@value #DECISION_COMMIT_SPACING} (default {@value #DEFAULT_DECISION_COMMIT_SPACING}) after the previous such
 *       request at the earliest: a longer interval is cheaper per offense without delaying bans.</li>
 *   <li>{@value #NUM_STREAM_THREADS} (default {@value #DEFAULT_NUM_STREAM_THREADS}: under exactly-once a stream
 *       thread waits for its transaction's commit every commit interval, and a second thread keeps processing
 *       meanwhile; README's benchmarks compare 1 and 2), {@value #NUM_STANDBY_REPLICAS} (default 0; 1 keeps a warm copy of
 *       the state on another instance for a fast failover).</li>
 *   <li>{@value #PROCESSING_GUARANTEE} (default {@code exactly_once_v2}, or {@code at_least_once}).</li>
 *   <li>{@value #EXPIRY_INTERVAL} (default {@value #DEFAULT_EXPIRY_INTERVAL}): how often bans are checked for
 *       expiry.</li>
 *   <li>{@value #MAX_CLOCK_SKEW} (default {@value #DEFAULT_MAX_CLOCK_SKEW}): an offense whose log time is further
 *       ahead of the coordinator's clock is counted at the coordinator's now (so it cannot stretch findtime) and
 *       reported as clock-skewed in the log and the metrics: that host's clock or its logtimezone is wrong.</li>
 *   <li>{@value #ROCKSDB_MEMORY} (default {@value #DEFAULT_ROCKSDB_MEMORY}): off-heap memory for all RocksDB stores
 *       together (block cache and memtables), so RSS stays bounded however many IPs are in state.</li>
 * </ul>
 * and {@code [bans]} ({@link BansSection}): the widest networks a ban may cover, as the client and the enforcers
 * read them; a jail whose {@code fleet.ipv6.prefix} or {@code fleet.escalate.*.prefix} is wider is refused at start.
 */
public record CoordinatorConfig(Path source, KafkaSettings kafka, Path fail2banDir, JailRules jails,
                                String applicationId, Path stateDir, ListenAddress httpListen, Duration commitInterval,
                                Duration decisionCommitSpacing, int numStreamThreads, int numStandbyReplicas, ProcessingGuarantee processingGuarantee,
                                Duration expiryInterval, Duration maxClockSkew, long rocksDbMemoryBytes,
                                QueryApiOptions queryApi, BanLimits banLimits) {

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

    private static final Set<String> KEYS = Stream.concat(Stream.of(APPLICATION_ID, STATE_DIR, HTTP_LISTEN,
            COMMIT_INTERVAL, DECISION_COMMIT_SPACING, NUM_STREAM_THREADS, NUM_STANDBY_REPLICAS, PROCESSING_GUARANTEE, EXPIRY_INTERVAL, ROCKSDB_MEMORY,
            MAX_CLOCK_SKEW), QueryApiSection.KEYS.stream()).collect(Collectors.toUnmodifiableSet());

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

    /** Kafka Streams' processing guarantees that fleetban supports. */
    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2("exactly_once_v2"), AT_LEAST_ONCE("at_least_once");

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
            throw new IllegalArgumentException("need numStreamThreads >= 1, numStandbyReplicas >= 0 and"
                    + " rocksDbMemoryBytes >= 16 MiB");
        }
    }

    /** The topology's options from this config, reporting to {@code events}. */
    public TopologyOptions topologyOptions(DecisionEvents events) {
        return new TopologyOptions(expiryInterval, decisionCommitSpacing, maxClockSkew, events,
                new BanTargetRule(banLimits));
    }

    /**
     * Reads and validates fleetban.conf and the fail2ban jails it points to.
     *
     * @throws ConfigException naming file, section, key (and line) of the first problem
     */
    public static CoordinatorConfig load(Path fleetbanConf) {
        IniFile ini = IniFile.read(fleetbanConf);
        // A misspelt key would otherwise be ignored silently and its default used.
        for (String key : ini.section(SECTION).orElse(Map.of()).keySet()) {
            if (!KEYS.contains(key)) {
                throw ini.error(SECTION, key, "unknown key; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        Map<String, String> kafkaSection = ini.section("kafka")
                .orElseThrow(() -> ini.error("kafka", KafkaSettings.BOOTSTRAP_SERVERS, "section [kafka] is missing"));
        KafkaSettings kafka;
        try {
            kafka = KafkaSettings.parse(kafkaSection, ini.section(KafkaSettings.agentSection(SECTION)).orElse(Map.of()),
                    SECTION, fleetbanConf.toString());
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
        ProcessingGuarantee guarantee = value(ini, SECTION, PROCESSING_GUARANTEE, "exactly_once_v2",
                ProcessingGuarantee::parse);
        Duration commitInterval = value(ini, SECTION, COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL,
                CoordinatorConfig::positiveDuration);
        Duration transactionTimeout = transactionTimeout(ini, kafka);
        if (guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 && commitInterval.compareTo(transactionTimeout) >= 0) {
            // Kafka Streams refuses to start then: the broker would abort every transaction before its commit.
            throw ini.error(SECTION, COMMIT_INTERVAL, "must be shorter than the exactly-once transaction timeout ("
                    + transactionTimeout.toMillis() + "ms; [kafka] " + PRODUCER_TRANSACTION_TIMEOUT + ")");
        }
        ListenAddress httpListen = value(ini, SECTION, HTTP_LISTEN, DEFAULT_HTTP_LISTEN, ListenAddress::parse);
        return new CoordinatorConfig(fleetbanConf, kafka, fail2banDir, jails,
                value(ini, SECTION, APPLICATION_ID, DEFAULT_APPLICATION_ID, CoordinatorConfig::nonBlank),
                Path.of(value(ini, SECTION, STATE_DIR, DEFAULT_STATE_DIR, CoordinatorConfig::nonBlank)),
                httpListen,
                commitInterval,
                value(ini, SECTION, DECISION_COMMIT_SPACING, DEFAULT_DECISION_COMMIT_SPACING,
                        CoordinatorConfig::wholeMilliseconds),
                value(ini, SECTION, NUM_STREAM_THREADS, Integer.toString(DEFAULT_NUM_STREAM_THREADS),
                        text -> atLeast(text, 1)),
                value(ini, SECTION, NUM_STANDBY_REPLICAS, "0", text -> atLeast(text, 0)),
                guarantee,
                value(ini, SECTION, EXPIRY_INTERVAL, DEFAULT_EXPIRY_INTERVAL, CoordinatorConfig::positiveDuration),
                value(ini, SECTION, MAX_CLOCK_SKEW, DEFAULT_MAX_CLOCK_SKEW, CoordinatorConfig::positiveDuration),
                value(ini, SECTION, ROCKSDB_MEMORY, DEFAULT_ROCKSDB_MEMORY, ByteSize::parse),
                QueryApiSection.read(ini, httpListen), banLimits(ini, jails));
    }

    /** The same configuration with other query API options (tests build TLS and advertised addresses in code). */
    public CoordinatorConfig withQueryApi(QueryApiOptions options) {
        return new CoordinatorConfig(source, kafka, fail2banDir, jails, applicationId, stateDir, httpListen, commitInterval,
                decisionCommitSpacing, numStreamThreads, numStandbyReplicas, processingGuarantee, expiryInterval,
                maxClockSkew, rocksDbMemoryBytes, options, banLimits);
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
                throw ini.error(BansSection.SECTION, BansSection.MAX_PREFIX_V6, "jail " + rule.name()
                        + " has fleet.ipv6.prefix = " + v6 + ", wider than /" + limits.maxPrefixV6()
                        + "; set max.prefix.v6 = " + v6 + " here (and so on every enforcer) or narrow the jail's");
            }
            for (PrefixEscalation escalation : rule.escalation().stream().toList()) {
                if (escalation.ipv4Prefix() < limits.maxPrefixV4()) {
                    throw ini.error(BansSection.SECTION, BansSection.MAX_PREFIX_V4, "jail " + rule.name()
                            + " has fleet.escalate.ipv4.prefix = " + escalation.ipv4Prefix() + ", wider than /"
                            + limits.maxPrefixV4() + "; set max.prefix.v4 = " + escalation.ipv4Prefix()
                            + " here or narrow the jail's");
                }
                if (escalation.ipv6Prefix() < limits.maxPrefixV6()) {
                    throw ini.error(BansSection.SECTION, BansSection.MAX_PREFIX_V6, "jail " + rule.name()
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
            throw ini.error("kafka", PRODUCER_TRANSACTION_TIMEOUT, "not a number of milliseconds: '"
                    + kafka.clientOverrides().get(PRODUCER_TRANSACTION_TIMEOUT) + "'");
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
        return value == null ? STREAMS_TRANSACTION_TIMEOUT : Duration.ofMillis(Long.parseLong(value.toString().strip()));
    }

    private static <T> T value(IniFile ini, String section, String key, String defaultText, Function<String, T> parse) {
        String text = ini.section(section).map(values -> values.get(key)).orElse(defaultText);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw ini.error(section, key, e.getMessage());
        }
    }

    private static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text.strip();
    }

    private static int atLeast(String text, int min) {
        final int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: '" + text + "'", e);
        }
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** At least a millisecond: Kafka Streams' timers have no finer grain. */
    static Duration wholeMilliseconds(String text) {
        Duration duration = Durations.parse(text);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException("must be at least 1ms, got '" + text + "'");
        }
        return duration;
    }

    static Duration positiveDuration(String text) {
        Duration duration = Durations.parse(text);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be a positive duration, got '" + text + "'");
        }
        return duration;
    }
}
