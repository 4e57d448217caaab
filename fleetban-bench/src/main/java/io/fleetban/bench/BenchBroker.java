package io.fleetban.bench;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The benchmark's broker: {@code fleetban broker} (the embedded single-node KRaft broker) in a child JVM on free
 * loopback ports, so its CPU and memory are not counted as the coordinator's and vice versa.
 */
final class BenchBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseG1GC");
    private static final int NODE_ID = 1;

    private static final String LOOPBACK = "127.0.0.1";

    private final ChildJvm process;
    private final int port;

    private BenchBroker(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
    }

    static BenchBroker start(Path workDir) {
        int port = freePort();
        int controllerPort = freePort();
        ChildJvm broker = ChildJvm.start(
                "broker",
                JVM_OPTIONS,
                List.of(
                        "broker",
                        "--data-dir",
                        workDir.resolve("broker").toString(),
                        "--listen",
                        LOOPBACK,
                        "--port",
                        Integer.toString(port),
                        "--controller-port",
                        Integer.toString(controllerPort)),
                workDir.resolve("broker.log"));
        return new BenchBroker(broker, port);
    }

    long cpuNanos() {
        return process.cpuNanos();
    }

    String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /**
     * fleetban's [kafka] section for a benchmark on this broker: topics "bench.*", no registry, replication 1, the
     * default decision partitions.
     */
    KafkaSettings kafkaSettings(int partitions) {
        return kafkaSettings(partitions, KafkaSettings.DEFAULT_DECISION_PARTITIONS);
    }

    /** As {@link #kafkaSettings(int)}, with {@code decisionPartitions} partitions of bans and unbans. */
    KafkaSettings kafkaSettings(int partitions, int decisionPartitions) {
        return new KafkaSettings(
                bootstrapServers(), "bench.", Optional.empty(), partitions, decisionPartitions, (short) 1, Map.of());
    }

    /** An admin client, once the broker answers and {@code topics} exist with leaders; the caller closes it. */
    Admin readyWithTopics(KafkaSettings kafka, Topics topics) throws Exception {
        awaitListening();
        final Admin admin = Admin.create(kafka.adminConfig("fleetban-bench-admin"));
        try {
            awaitReady(admin);
            createTopics(admin, topics);
            return admin;
        } catch (Exception e) {
            admin.close();
            throw e;
        }
    }

    /**
     * Waits until the broker's port takes connections, before any client exists: a Kafka client started earlier logs
     * a warning for each refused connection, which would open every bench's output.
     */
    private void awaitListening() throws InterruptedException {
        final InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
        final long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            process.requireAlive();
            try (Socket socket = new Socket()) {
                socket.connect(address, 1_000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "broker not listening within " + READY_TIMEOUT + "; see " + process.log(), e);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Waits until the broker answers metadata requests (a KRaft node takes a few seconds to start). */
    void awaitReady(Admin admin) throws InterruptedException {
        ChildJvm broker = process;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            broker.requireAlive();
            try {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "broker not ready within " + READY_TIMEOUT + "; see " + broker.log(), e);
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    /** Creates the fleetban topics as the coordinator would, before the preload writes to them. */
    private static void createTopics(Admin admin, Topics topics) throws Exception {
        admin.createTopics(topics.newTopics()).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        awaitLeaders(admin, topics.newTopics().stream().map(NewTopic::name).toList());
    }

    /**
     * Waits until every partition has a leader: a producer that writes while a new partition's leadership is still
     * propagating gets NOT_LEADER_OR_FOLLOWER and, idempotent, may then loop on OUT_OF_ORDER_SEQUENCE_NUMBER.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            Map<String, TopicDescription> described =
                    admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            boolean led = described.values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition ->
                            partition.leader() != null && !partition.leader().isEmpty());
            if (led) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic partitions without a leader after " + READY_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Bytes on the broker's disk of the coordinator's changelog topics ({@code <application.id>-...-changelog}). */
    static long changelogBytes(Admin admin, String applicationId) throws Exception {
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(NODE_ID))
                .allDescriptions()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long bytes = 0;
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica :
                        dir.replicaInfos().entrySet()) {
                    String topic = replica.getKey().topic();
                    if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
