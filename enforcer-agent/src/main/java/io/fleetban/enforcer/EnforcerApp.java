package io.fleetban.enforcer;

import io.fleetban.enforcer.backend.BackendFactory;
import io.fleetban.enforcer.backend.BackendType;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallBackend;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.FirewallHealth;
import io.fleetban.enforcer.backend.NamespaceCommandRunner;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.enforcer.consume.BanGuard;
import io.fleetban.enforcer.consume.DecisionConsumer;
import io.fleetban.enforcer.consume.DecisionDecoder;
import io.fleetban.enforcer.consume.FirewallSync;
import io.fleetban.enforcer.consume.HostBanList;
import io.fleetban.enforcer.consume.ProtectedAddresses;
import io.fleetban.enforcer.status.EnforcerStatusTracker;
import io.fleetban.enforcer.status.StatusPublisher;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.kafka.metrics.MetricsServer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's enforcer: rebuilds the ban list from Kafka, applies it to the local firewall, then follows every
 * ban and unban. {@link #close()} stops the loop and removes fleetban's rules and sets (and nothing else).
 */
public final class EnforcerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnforcerApp.class);
    /** How long start-up waits for the topics and the active-bans snapshot. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** The consumer's fetch size unless {@code [kafka] fetch.max.bytes} / {@code max.partition.fetch.bytes} say otherwise. */
    static final int DEFAULT_FETCH_MAX_BYTES = 1 << 20;
    /** The status producer's buffer: four of Kafka's default 16 KiB batches. */
    static final long STATUS_BUFFER_MEMORY = 64L << 10;

    private final EnforcerConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EnforcerMetrics metrics = new EnforcerMetrics(registry);
    private final FirewallBackend backend;
    private final CommandRunner runner;
    private KafkaConsumer<byte[], byte[]> consumer;
    private DecisionConsumer decisions;
    private volatile FirewallSync sync;
    private Thread thread;
    private final CompletableFuture<Throwable> died = new CompletableFuture<>();
    private KafkaClientMetrics consumerMetrics;
    private MetricsServer metricsServer;
    private StatusPublisher statusPublisher;

    /**
     * @param runner    how firewall tools run (a namespace-prefixing runner in tests)
     * @param dryRunOut where the dry-run backend prints its commands
     */
    public EnforcerApp(EnforcerConfig config, Clock clock, CommandRunner runner, PrintStream dryRunOut) {
        this(
                config,
                clock,
                runner,
                BackendFactory.create(
                        config.backend(), runner, dryRunOut, clock, config.maxEntries(), config.action()));
    }

    /**
     * An enforcer on a firewall backend of the caller's, instead of the one {@code [enforcer] backend} names; the
     * decision loop, guard and Kafka consumer are the production ones.
     */
    public EnforcerApp(EnforcerConfig config, Clock clock, CommandRunner runner, FirewallBackend backend) {
        this.config = config;
        this.clock = clock;
        this.runner = runner;
        this.backend = backend;
    }

    /** The production wiring: real processes, the system clock, dry-run output on stdout. */
    public static EnforcerApp create(EnforcerConfig config) {
        final CommandRunner processes = new ProcessCommandRunner(Duration.ofSeconds(30));
        return new EnforcerApp(
                config,
                Clock.systemUTC(),
                config.firewallNamespace()
                        .<CommandRunner>map(namespace -> new NamespaceCommandRunner(namespace, processes))
                        .orElse(processes),
                System.out);
    }

    /**
     * Initialises the firewall, rebuilds from active-bans, and starts the decision thread. If it throws, call
     * {@link #close()} to remove what was already set up.
     */
    public synchronized void start() throws FirewallException {
        createStateDirIfUsed();
        final Set<InetAddress> own = new HashSet<>(ProtectedAddresses.ofThisHost());
        if (config.backend() != BackendType.DRY_RUN) {
            own.addAll(ProtectedAddresses.ofFirewallNamespace(runner));
        }
        final BanGuard guard = new BanGuard(
                config.jails(),
                config.neverBan(),
                own,
                ProtectedAddresses.ofBrokers(config.kafka().bootstrapServers()),
                config.banLimits(),
                metrics);
        // The registry's answers kept under state.dir: an enforcer restarted during a registry outage still decodes
        // every decision whose schema it has seen.
        final Topics topics = Topics.createWithStateDir(config.kafka(), config.stateDir());
        final HostBanList banList = new HostBanList(config.unbanMemory(), config.maxEntries());
        sync = new FirewallSync(
                backend, banList, clock, config.reconcileInterval(), config.driftCheckInterval(), metrics);
        backend.init(config.jails());
        consumer = new KafkaConsumer<>(consumerConfig());
        // The consumer's own metrics, records-lag among them: how far this host's firewall trails the decisions.
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        decisions = new DecisionConsumer(
                consumer, topics, new DecisionDecoder(topics, guard, metrics), banList, sync, clock, metrics);
        decisions.bootstrap(STARTUP_TIMEOUT);
        statusPublisher = new StatusPublisher(
                new KafkaProducer<>(
                        statusProducerConfig(),
                        topics.enforcerStatus().keySerde().serializer(),
                        topics.enforcerStatus().valueSerde().serializer()),
                topics.enforcerStatus().name(),
                config.hostId(),
                metrics);
        decisions.reportStatus(
                new EnforcerStatusTracker(config.hostId(), version(), clock.instant(), config.statusInterval()),
                statusPublisher);
        thread = new Thread(decisions, "fleetban-enforcer-" + config.hostId());
        thread.setUncaughtExceptionHandler((t, e) -> {
            LOG.error("decision loop of {} died; no more decisions are applied", config.hostId(), e);
            died.complete(e);
        });
        thread.start();
        config.metricsListen()
                .ifPresent(listen -> metricsServer = MetricsServer.start(listen, registry::scrape, this::healthy));
        LOG.info(
                "enforcer {} started: backend {}, {} jail(s)",
                config.hostId(),
                backend.name(),
                config.jails().size());
    }

    /**
     * state.dir holds only the registry's answers: created (or refused, naming it) at start when a registry is
     * configured, never touched without one.
     */
    private void createStateDirIfUsed() {
        if (config.kafka().schemaRegistry().isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create [enforcer] " + EnforcerConfig.STATE_DIR + " " + config.stateDir() + ": " + e, e);
        }
    }

    private Map<String, Object> statusProducerConfig() {
        final Map<String, Object> props = KafkaSettings.withoutJmxReporter(
                config.kafka().producerConfig("fleetban-enforcer-status-" + config.hostId()));
        // Only the status thread waits for metadata, holding up no ban; beyond an interval a newer status is waiting.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int)
                config.statusInterval().toMillis());
        // One status in flight at a time: a few batches' room instead of Kafka's 32 MiB bulk default.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, STATUS_BUFFER_MEMORY);
        return props;
    }

    private static String version() {
        final String version = EnforcerApp.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private Map<String, Object> consumerConfig() {
        // No group id: every enforcer assigns itself all partitions and keeps its own position.
        final Map<String, Object> props = KafkaSettings.withoutJmxReporter(
                config.kafka().consumerConfig("fleetban-enforcer-" + config.hostId(), Optional.empty()));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int)
                config.fetchMaxWait().toMillis());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A missing topic must wait for the coordinator, which creates active-bans compacted; auto-creation would not.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Unless [kafka] says otherwise: Kafka's 50 MiB per fetch sizes a heap for bulk consumers; a decision is
        // ~200 bytes, so 1 MiB is ~5,000 of them per poll and the agent's heap stays small on every host.
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, DEFAULT_FETCH_MAX_BYTES);
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, DEFAULT_FETCH_MAX_BYTES);
        // Partitions added to bans/unbans at run time are seen at the next metadata refresh (DecisionPartitions).
        props.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        return props;
    }

    /**
     * Completes when the decision loop died: the agent then applies nothing, so its process should end (and
     * systemd start it again) rather than run on looking alive.
     */
    public CompletableFuture<Throwable> died() {
        return died;
    }

    /**
     * Up while the decision thread runs and the firewall can be checked and repaired: a dead loop applies no more
     * bans, and a firewall fleetban cannot put its jump back into lets banned addresses in; monitoring must see both.
     */
    boolean healthy() {
        final Thread current = thread;
        return current != null && current.isAlive() && firewallHealth().healthy();
    }

    /** The firewall's state as the last drift check saw it (for /health and the status publisher). */
    public FirewallHealth firewallHealth() {
        final FirewallSync current = sync;
        return current == null ? FirewallHealth.STARTED : current.health();
    }

    /** The current metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
    public String scrape() {
        return registry.scrape();
    }

    /** Where {@code /metrics} answers (with the real port when {@code metrics.listen} asked for port 0). */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }

    public EnforcerMetrics metrics() {
        return metrics;
    }

    /** Stops the decision thread, closes the consumer and removes fleetban's firewall rules and sets. */
    @Override
    public synchronized void close() throws FirewallException {
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (decisions != null) {
            decisions.close();
        }
        if (thread != null) {
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumerMetrics != null) {
            consumerMetrics.close();
        }
        if (consumer != null && thread != null && thread.isAlive()) {
            // KafkaConsumer is single-threaded: closing it under a decision thread still inside it would throw.
            LOG.warn(
                    "enforcer {}: decision thread still running after {}; its consumer is left to the JVM's exit",
                    config.hostId(),
                    JOIN_TIMEOUT);
        } else if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        if (statusPublisher != null) {
            statusPublisher.close();
        }
        backend.shutdown();
        LOG.info("enforcer {} stopped; {} backend removed its rules and sets", config.hostId(), backend.name());
    }
}
