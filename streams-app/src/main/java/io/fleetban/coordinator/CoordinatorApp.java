package io.fleetban.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.coordinator.hosts.DecisionEndOffsets;
import io.fleetban.coordinator.hosts.FleetHosts;
import io.fleetban.coordinator.hosts.HostsGauges;
import io.fleetban.coordinator.query.InstanceLocator;
import io.fleetban.coordinator.query.LocalStateReader;
import io.fleetban.coordinator.query.OffenseLineReader;
import io.fleetban.coordinator.query.QueryResource;
import io.fleetban.coordinator.query.QueryServer;
import io.fleetban.coordinator.query.RemoteInstanceClient;
import io.fleetban.coordinator.state.BoundedRocksDbConfig;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.kafka.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator process: creates the fleetban topics if missing, runs the ban topology under Kafka Streams
 * (exactly-once by default) and serves the query API. {@code start()} returns once everything is started;
 * {@code close()} stops it all.
 */
public final class CoordinatorApp implements AutoCloseable {

    static final long TRANSACTION_RETRY_BACKOFF_MS = 5;
    static final long EXACTLY_ONCE_LINGER_MS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorApp.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Record cache for the one cached store (jail totals); the per-offense stores run uncached. */
    private static final long STATE_CACHE_BYTES = 1L << 20;

    private final CoordinatorConfig config;
    private final Topics topics;
    private final SchemaWarmUp schemaWarmUp;
    private final LongAdder deserializationFailures = new LongAdder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile QueryServer queryServer;
    private volatile Admin hostsAdmin;
    private final ScheduledExecutorService endsSampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleetban-decision-ends");
        thread.setDaemon(true);
        return thread;
    });
    private volatile KafkaStreams streams;
    private CoordinatorMetrics metrics;
    private OffenseLineReader offenseLines;

    public CoordinatorApp(CoordinatorConfig config) {
        this.config = config;
        // The registry's answers kept under state.dir (see SchemaWarmUp): a restart during an outage decides at once.
        this.topics = Topics.createWithStateDir(config.kafka(), config.stateDir());
        this.schemaWarmUp = SchemaWarmUp.forCoordinatorOutputs(topics);
    }

    /**
     * Creates missing topics, binds the query API (metrics, and health answering 503 until RUNNING), resolves the
     * schemas it writes (waiting for the registry), starts Kafka Streams, then serves queries. Returns without
     * starting Kafka Streams when closed while waiting for the registry.
     */
    public void start() {
        createMissingTopics();
        ObjectMapper json = new ObjectMapper();
        queryServer = QueryServer.bind(config.httpListen(), json, config.queryApi());
        // Other instances reach this one here; two instances advertising the same address would each take the
        // other for itself and answer with their own share only.
        ListenAddress advertised = config.queryApi()
                .advertised()
                .orElseGet(() -> QueryApiSection.defaultAdvertised(queryServer.address()));
        // Healthy only while RUNNING: during a rebalance or restore this instance decides nothing for its partitions,
        // and while it waits for the registry /health says so (503) instead of refusing connections.
        queryServer.serveMetrics(registry::scrape, () -> state() == KafkaStreams.State.RUNNING);
        if (!schemaWarmUp.await()) {
            LOG.info("coordinator closed while waiting for the schema registry; not started");
            return;
        }
        metrics = CoordinatorMetrics.bind(registry, deserializationFailures);
        streams = new KafkaStreams(
                BanTopology.build(config.jails(), topics, config.topologyOptions(metrics)),
                streamsProperties(config, topics, advertised, deserializationFailures));
        offenseLines = new OffenseLineReader(config.kafka(), topics.offenses());
        LocalStateReader localState = new LocalStateReader(streams, offenseLines);
        metrics.bindSafetyValves(config.jails(), jail -> localState.trippedValvesOrZero(jail));
        streams.setUncaughtExceptionHandler(exception -> {
            // Replacing the thread keeps the instance in the group; its task restarts from the last commit, so
            // under exactly-once nothing is lost or doubled.
            LOG.error("stream thread died; replacing it", exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("coordinator state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                metrics.bindStreamsMetrics(streams);
            }
        });
        streams.start();
        hostsAdmin = Admin.create(config.kafka().adminConfig(config.applicationId() + "-hosts"));
        FleetHosts hosts = new FleetHosts(streams, new DecisionEndOffsets(hostsAdmin, topics), Clock.systemUTC());
        endsSampler.scheduleWithFixedDelay(
                hosts::sampleEnds, 0, FleetHosts.SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        HostsGauges.bind(registry, hosts::report);
        queryServer.serve(new QueryResource(
                config.jails(),
                localState,
                new InstanceLocator(
                        streams,
                        advertised,
                        topics.offenses().name(),
                        config.kafka().topicPartitions()),
                new RemoteInstanceClient(json, config.queryApi()),
                hosts::report));
        LOG.info(
                "coordinator {} started: jails {}, {}, query API {}://{} (listening on {})",
                config.applicationId(),
                config.jails(),
                config.processingGuarantee().streamsValue(),
                config.queryApi().scheme(),
                advertised,
                queryServer.address());
    }

    /** Kafka Streams' state (RUNNING once the state is restored and queries answer). */
    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** Where the query API answers (with the real port when {@code http.listen} asked for port 0). */
    public ListenAddress queryAddress() {
        return queryServer.address();
    }

    /** The current metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
    public String scrape() {
        return registry.scrape();
    }

    /** Records skipped because they did not deserialize (copied to the dead-letter topic). */
    public long deserializationFailures() {
        return deserializationFailures.sum();
    }

    /**
     * The Kafka Streams configuration: exactly-once with a short commit interval (a decision is visible only at
     * commit), a low-latency producer, bounded RocksDB memory, and bad records to the dead-letter topic.
     */
    static Properties streamsProperties(
            CoordinatorConfig config, Topics topics, ListenAddress advertised, LongAdder deserializationFailures) {
        Properties props = new Properties();
        props.putAll(config.kafka().commonConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.hostAndPort());
        props.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                config.processingGuarantee().streamsValue());
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.numStandbyReplicas());
        config.groupTimeouts().putInto(props);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().topicReplicationFactor());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STATE_CACHE_BYTES);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, Long.toString(config.rocksDbMemoryBytes()));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                topics.deadLetter().name());
        props.put(DeadLetterHandler.COUNTER_CONFIG, deserializationFailures);
        // A record whose processing throws is logged, sent to the dead-letter topic and skipped: a poison record
        // must not stop every ban of its partition in a crash loop. Its partial state changes stay (none of the
        // processors throws after a write on any known path, except a decision's serializer during a registry
        // outage, which ProcessingFailureHandler fails instead of skipping).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureHandler.class);
        // Offenses and commands share a task but are never joined by time, so waiting for the other topic's data
        // buys nothing. With the default max.task.idle.ms (0) and a commands partition that is empty nearly
        // always, Streams takes its "enforced processing" path before every record (lag look-ups, two fresh
        // collections, a sensor update, a log call): measurable CPU at tens of thousands of offenses a second.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                producerLingerMs(config.processingGuarantee()));
        // An idle stream thread punctuates only after its poll returns, and a decision made within the spacing of
        // the previous commit request waits for a punctuation (DecisionCommits): a poll no longer than the spacing
        // keeps that commit on time instead of up to Streams' default 100 ms late.
        props.put(
                StreamsConfig.POLL_MS_CONFIG,
                Math.min(
                        config.commitInterval().toMillis(),
                        config.decisionCommitSpacing().toMillis()));
        // The next transaction often starts while the broker still writes the previous one's markers; the broker
        // answers CONCURRENT_TRANSACTIONS and the producer retries after retry.backoff.ms (default 100 ms) --
        // a delay every ban right after a commit would pay.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), TRANSACTION_RETRY_BACKOFF_MS);
        return props;
    }

    /**
     * Streams sets linger.ms=100 for its producer. Under at-least-once a ban waits in that batch: linger 0. Under
     * exactly-once nothing is visible before the commit, and the commit flushes the producer (a flush sends every
     * batch at once, lingering or not), so a short linger costs no ban latency; it only batches the changelog and
     * decision records of the commit interval into a few produce requests instead of one per record, which is most
     * of the broker's and the producer's work at tens of thousands of offenses a second.
     */
    static long producerLingerMs(CoordinatorConfig.ProcessingGuarantee guarantee) {
        return guarantee == CoordinatorConfig.ProcessingGuarantee.EXACTLY_ONCE_V2 ? EXACTLY_ONCE_LINGER_MS : 0;
    }

    private void createMissingTopics() {
        try (Admin admin = Admin.create(config.kafka().adminConfig(config.applicationId() + "-admin"))) {
            Map<String, KafkaFuture<Void>> results =
                    admin.createTopics(topics.newTopics()).values();
            for (NewTopic topic : topics.newTopics()) {
                awaitCreation(topic.name(), results.get(topic.name()));
            }
        }
    }

    private static void awaitCreation(String name, KafkaFuture<Void> result) {
        try {
            result.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("created topic {}", name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    @Override
    public void close() {
        schemaWarmUp.close();
        if (queryServer != null) {
            queryServer.close();
        }
        if (streams != null) {
            // Leaving the group hands this instance's tasks to the others at once, instead of after the session
            // timeout (45 s of no bans for those partitions).
            if (!streams.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT))) {
                LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
            }
        }
        if (offenseLines != null) {
            offenseLines.close();
        }
        endsSampler.shutdownNow();
        if (hostsAdmin != null) {
            hostsAdmin.close(Duration.ofSeconds(2));
        }
        if (metrics != null) {
            metrics.close();
        }
        registry.close();
    }
}
