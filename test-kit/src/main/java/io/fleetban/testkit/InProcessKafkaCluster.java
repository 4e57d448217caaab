package io.fleetban.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real KRaft brokers in this JVM, started with Kafka's own {@link KafkaClusterTestKit}.
 *
 * <p>What shapes this class: combined broker+controller nodes are broken in 4.4.0's kit for
 * more than one node, so multi-broker clusters get one dedicated controller; the kit's default metadata version is
 * an unstable one, so it is pinned to the latest production version; internal topics need their replication
 * lowered for small clusters; and a wedged quorum can hang shutdown, so {@link #close()} is bounded.
 */
final class InProcessKafkaCluster implements KafkaTestCluster {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessKafkaCluster.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private final KafkaClusterTestKit kit;
    private final List<Integer> brokerIds;

    private InProcessKafkaCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
        this.brokerIds = List.copyOf(kit.brokers().keySet());
    }

    static InProcessKafkaCluster start(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster needs at least one broker, got " + brokers);
        }
        final boolean combined = brokers == 1;
        final short replication = (short) Math.min(3, brokers);
        try {
            final TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setCombined(combined)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .build();
            final KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
                    .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
                    .setConfigProp("transaction.state.log.min.isr", String.valueOf(Math.min(2, replication)))
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            LOG.info("in-process KRaft cluster with {} broker(s) ready at {}", brokers, kit.bootstrapServers());
            return new InProcessKafkaCluster(kit);
        } catch (Exception e) {
            throw new IllegalStateException("could not start an in-process Kafka cluster: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public int brokerCount() {
        return brokerIds.size();
    }

    @Override
    public void stopBroker(int index) {
        final int id = brokerIds.get(index);
        kit.brokers().get(id).shutdown();
        kit.brokers().get(id).awaitShutdown();
        LOG.info("stopped broker {}", id);
    }

    @Override
    public void close() {
        final CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                kit.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            closing.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A wedged quorum must not hang the whole suite; the JVM's exit reclaims what is left.
            LOG.warn("in-process Kafka cluster did not close cleanly within {} s: {}", CLOSE_TIMEOUT_SECONDS, e.toString());
        }
    }
}
