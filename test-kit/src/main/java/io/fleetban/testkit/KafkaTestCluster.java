package io.fleetban.testkit;

/**
 * A real Kafka cluster for integration tests. Never a mock: either Kafka's own server code running in this JVM
 * (KRaft, from the server jars on Maven Central) or, where a Docker engine exists, a Testcontainers broker.
 *
 * <p>Tests depend only on this interface, so the same test runs on a laptop with Docker and on a CI machine without.
 */
public interface KafkaTestCluster extends AutoCloseable {

    /** The {@code bootstrap.servers} string clients use. */
    String bootstrapServers();

    /** Number of brokers in the cluster. */
    int brokerCount();

    /** Stops one broker (by index, 0-based) to simulate its loss; the others keep serving. */
    void stopBroker(int index);

    @Override
    void close();

    /**
     * A single-broker cluster: a Testcontainers broker when a Docker engine answers (and
     * {@code fleetban.test.kafka} is not {@code inprocess}), otherwise an in-process KRaft broker.
     */
    static KafkaTestCluster singleBroker() {
        if (ContainerKafkaCluster.dockerAvailable()) {
            return ContainerKafkaCluster.start();
        }
        return InProcessKafkaCluster.start(1);
    }

    /**
     * A cluster of {@code brokers} brokers with a dedicated KRaft controller, always in-process (the multi-broker
     * failure tests need to stop single brokers, which a one-container setup cannot do).
     */
    static KafkaTestCluster brokers(int brokers) {
        return InProcessKafkaCluster.start(brokers);
    }
}
