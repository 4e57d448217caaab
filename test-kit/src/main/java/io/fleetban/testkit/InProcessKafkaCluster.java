package io.fleetban.testkit;

import java.util.List;
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
    private static final String DESCRIPTION = "an in-process Kafka cluster";

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
        final TestKitNodes nodes = new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(combined)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .build();
        final KafkaClusterTestKit kit = TestKitLifecycle.start(
                TestKitLifecycle.smallClusterDefaults(new KafkaClusterTestKit.Builder(nodes), replication),
                DESCRIPTION + " with " + brokers + " broker(s)");
        return new InProcessKafkaCluster(kit);
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
        TestKitLifecycle.close(kit, DESCRIPTION);
    }
}
