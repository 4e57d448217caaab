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
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
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
    private final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    private DecisionBroker(KafkaTestCluster cluster, Optional<URI> schemaRegistryUrl) throws Exception {
        this.cluster = cluster;
        this.schemaRegistryUrl = schemaRegistryUrl;
        final Map<String, String> kafkaSection = new LinkedHashMap<>();
        kafkaSection.put("bootstrap.servers", cluster.bootstrapServers());
        schemaRegistryUrl.ifPresent(url -> kafkaSection.put("schema.registry.url", url.toString()));
        final KafkaSettings settings = KafkaSettings.parse(kafkaSection, "it.conf");
        this.topics = Topics.create(settings);
        try (Admin admin = Admin.create(settings.adminConfig("enforcer-it-admin"))) {
            admin.createTopics(topics.newTopics()).all().get();
        }
        this.producer = new KafkaProducer<>(settings.producerConfig("enforcer-it"), new ByteArraySerializer(),
                new ByteArraySerializer());
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
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /**
     * The config of an enforcer on this broker, read through {@link EnforcerConfig#load} from a fleetban.conf written
     * in {@code dir}: the tutorial's jails, {@code host.id} and {@code backend} as given, {@code state.dir} in
     * {@code dir} (never the host's default).
     */
    EnforcerConfig enforcerConfig(Path dir, String hostId, String backend) throws Exception {
        final FleetbanConfFile conf = new FleetbanConfFile().set("kafka", "bootstrap.servers", cluster.bootstrapServers());
        schemaRegistryUrl.ifPresent(url -> conf.set("kafka", "schema.registry.url", url));
        return EnforcerConfig.load(conf
                .set("fail2ban", "config.dir", TutorialJail.examples())
                .set("enforcer", "host.id", hostId)
                .set("enforcer", "backend", backend)
                .set("enforcer", "state.dir", dir.resolve("enforcer-state"))
                .writeTo(dir.resolve("fleetban.conf")));
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
