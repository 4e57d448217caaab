package io.fleetban.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A single Kafka broker in a container (official {@code apache/kafka} image), used automatically where a Docker
 * engine exists. Set {@code -Dfleetban.test.kafka=inprocess} to force the in-process broker anyway.
 */
final class ContainerKafkaCluster implements KafkaTestCluster {

    static final String IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;

    private ContainerKafkaCluster(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        if ("inprocess".equals(System.getProperty("fleetban.test.kafka"))) {
            return false;
        }
        // Skip Testcontainers' own probing (slow, and loud at ERROR level) when no engine can possibly answer.
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerKafkaCluster start() {
        final KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafkaCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int brokerCount() {
        return 1;
    }

    @Override
    public void stopBroker(int index) {
        throw new UnsupportedOperationException(
                "a single container broker cannot lose a broker; use KafkaTestCluster.brokers(n)");
    }

    @Override
    public void close() {
        container.stop();
    }
}
