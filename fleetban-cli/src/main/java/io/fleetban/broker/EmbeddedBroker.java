package io.fleetban.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) for trials and small fleets, run from Kafka's own
 * server code: format the storage once (as {@code kafka-storage.sh format --standalone} does), then start
 * {@link KafkaRaftServer} (as {@code kafka-server-start.sh} does). Data survives restarts in {@code dataDir}.
 *
 * <p>Replication is 1 for every internal topic, so this broker is not for fleets that must survive losing it.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final BrokerSettings settings;
    private final KafkaRaftServer server;

    private EmbeddedBroker(BrokerSettings settings, KafkaRaftServer server) {
        this.settings = settings;
        this.server = server;
    }

    /** Formats {@code settings.dataDir()} if it is new, then starts the broker and returns once it serves. */
    public static EmbeddedBroker start(BrokerSettings settings) {
        final Path logDir = settings.dataDir().resolve("kraft-logs");
        format(logDir);
        final KafkaRaftServer server =
                new KafkaRaftServer(new KafkaConfig(serverProperties(settings, logDir), false), Time.SYSTEM);
        server.startup();
        LOG.info("embedded Kafka broker serving at {} (data in {})", settings.bootstrapServers(), logDir);
        return new EmbeddedBroker(settings, server);
    }

    /** The address clients use, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    /** Blocks until the broker has shut down (for {@code fleetban broker} run in the foreground). */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Map<String, Object> serverProperties(BrokerSettings settings, Path logDir) {
        final Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + settings.controllerPort());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put(
                "listeners",
                "PLAINTEXT://" + settings.listenHost() + ":" + settings.port() + "," + CONTROLLER_LISTENER
                        + "://127.0.0.1:" + settings.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://" + settings.bootstrapServers());
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic must fit on it.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // A trial broker starts in seconds: fewer partitions for the internal topics than a production cluster.
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.num.partitions", "6");
        // fleetban creates its topics with explicit settings; a typo in a client must not create a stray topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "6");
        return props;
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(
                            java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(java.util.List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
            LOG.info("formatted new KRaft storage in {}", logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker data directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format KRaft storage in " + logDir + ": " + e.getMessage(), e);
        }
    }
}
