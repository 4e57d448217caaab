package io.fleetban.enforcer;

import io.fleetban.enforcer.consume.DecisionRecords;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real single-broker cluster with fleetban's topics, and a producer that writes decisions to it as the
 * coordinator would: what the enforcer's integration tests feed it through. Closing it closes the producer, then
 * the broker; a Schema Registry the test started stays the test's to close.
 */
final class DecisionBroker implements AutoCloseable {

    private final KafkaTestCluster cluster;
    private final Optional<URI> schemaRegistryUrl;
    private final KafkaSettings settings;
    private final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    private DecisionBroker(KafkaTestCluster cluster, Optional<URI> schemaRegistryUrl) throws Exception {
        this.cluster = cluster;
        this.schemaRegistryUrl = schemaRegistryUrl;
        final Map<String, String> kafkaSection = new LinkedHashMap<>();
        kafkaSection.put("bootstrap.servers", cluster.bootstrapServers());
        schemaRegistryUrl.ifPresent(url -> kafkaSection.put("schema.registry.url", url.toString()));
        this.settings = KafkaSettings.parse(kafkaSection, "it.conf");
        this.topics = Topics.create(settings);
        try (Admin admin = Admin.create(settings.adminConfig("enforcer-it-admin"))) {
            admin.createTopics(topics.newTopics()).all().get();
        }
        this.producer = new KafkaProducer<>(
                settings.producerConfig("enforcer-it"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Decisions in Avro single-object encoding: no Schema Registry. */
    static DecisionBroker start() throws Exception {
        return start(Optional.empty());
    }

    /** Decisions in the Confluent wire format, their schemas registered at {@code schemaRegistryUrl}. */
    static DecisionBroker startWithSchemaRegistry(URI schemaRegistryUrl) throws Exception {
        return start(Optional.of(schemaRegistryUrl));
    }

    private static DecisionBroker start(Optional<URI> schemaRegistryUrl) throws Exception {
        final KafkaTestCluster cluster = KafkaTestCluster.singleBroker();
        try {
            return new DecisionBroker(cluster, schemaRegistryUrl);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The topics, with the serdes the coordinator writes with. */
    Topics topics() {
        return topics;
    }

    /** Writes {@code value} through the topic's serde, keyed by {@code key}, and waits for the broker's ack. */
    <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        sendBytes(topic, key, DecisionRecords.serialized(topic, value));
    }

    /** Writes {@code value} as it is: a record serialized earlier, or one that is not Avro at all. */
    void sendBytes(Topic<String, ?> topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    /**
     * The config of an enforcer on this broker, read through {@link EnforcerConfig#load} from a fleetban.conf written
     * in {@code dir}: the tutorial's jails, {@code host.id} and {@code backend} as given, {@code state.dir} in
     * {@code dir} (never the host's default).
     */
    EnforcerConfig enforcerConfig(Path dir, String hostId, String backend) throws Exception {
        return enforcerConfig(dir, hostId, backend, Map.of());
    }

    /** As {@link #enforcerConfig(Path, String, String)}, with more {@code [kafka]} keys passed to the clients. */
    EnforcerConfig enforcerConfig(Path dir, String hostId, String backend, Map<String, String> kafkaKeys)
            throws Exception {
        final FleetbanConfFile conf =
                new FleetbanConfFile().set("kafka", "bootstrap.servers", cluster.bootstrapServers());
        kafkaKeys.forEach((key, value) -> conf.set("kafka", key, value));
        schemaRegistryUrl.ifPresent(url -> conf.set("kafka", "schema.registry.url", url));
        return EnforcerConfig.load(conf.set("fail2ban", "config.dir", TutorialJail.examples())
                .set("enforcer", "host.id", hostId)
                .set("enforcer", "backend", backend)
                .set("enforcer", "state.dir", dir.resolve("enforcer-state"))
                .writeTo(dir.resolve("fleetban.conf")));
    }

    int partitionCount(String topic) throws Exception {
        try (Admin admin = Admin.create(settings.adminConfig("enforcer-it-admin"))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    /** Grows {@code topic} to {@code total} partitions, as an operator's {@code kafka-topics --alter} does. */
    void addPartitions(String topic, int total) throws Exception {
        try (Admin admin = Admin.create(settings.adminConfig("enforcer-it-admin"))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total)))
                    .all()
                    .get();
        }
    }

    /** Writes {@code value} as it is into one partition of {@code topic}, and waits for the broker's ack. */
    void sendToPartition(String topic, int partition, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            cluster.close();
        }
    }
}
