package io.fleetban.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The settings and topics against a real broker: the client configs KafkaSettings builds are accepted, the topics
 * Topics declares are created as declared, and records in both framings travel through Kafka and decode.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WireOverKafkaIT {

    private static KafkaTestCluster cluster;
    private static SchemaRegistryDouble registry;
    private static KafkaSettings withRegistry;
    private static KafkaSettings withoutRegistry;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaTestCluster.singleBroker();
        registry = SchemaRegistryDouble.start(1);
        withRegistry = KafkaSettings.parse(
                Map.of(
                        "bootstrap.servers",
                        cluster.bootstrapServers(),
                        "topic.prefix",
                        "it.",
                        "topic.partitions",
                        "2",
                        "schema.registry.url",
                        registry.url().toString()),
                "it.conf");
        withoutRegistry = KafkaSettings.parse(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "topic.prefix", "it.", "topic.partitions", "2"),
                "it.conf");
        try (Admin admin = Admin.create(withRegistry.adminConfig("it-admin"))) {
            admin.createTopics(Topics.create(withRegistry).newTopics()).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void activeBansTopicIsCreatedCompacted() throws Exception {
        Topics topics = Topics.create(withRegistry);
        ConfigResource activeBans = new ConfigResource(
                ConfigResource.Type.TOPIC, topics.activeBans().name());
        try (Admin admin = Admin.create(withRegistry.adminConfig("it-admin"))) {
            Config config = admin.describeConfigs(List.of(activeBans))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(activeBans);

            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(admin.describeTopics(List.of(topics.offenses().name()))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topics.offenses().name())
                            .partitions())
                    .hasSize(2);
        }
    }

    @Test
    void offensesInBothFramingsTravelThroughKafkaAndDecode() throws Exception {
        Topic<String, Offense> confluent = Topics.create(withRegistry).offenses();
        Topic<String, Offense> singleObject = Topics.create(withoutRegistry).offenses();
        Offense first = offense("o-confluent");
        Offense second = offense("o-single-object");

        send(confluent, first);
        send(singleObject, second);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(confluent.name(), 2);

        assertThat(records).extracting(r -> r.value()[0]).containsExactlyInAnyOrder((byte) 0x00, (byte) 0xC3);
        assertThat(records)
                .extracting(r -> confluent.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .containsExactlyInAnyOrder(first, second);
        assertThat(registry.requestsTo("POST", "/subjects/it.offenses-value/versions"))
                .isEqualTo(1);
    }

    @Test
    void tombstoneOnActiveBansArrivesAsNull() throws Exception {
        Topic<String, ActiveBan> activeBans = Topics.create(withRegistry).activeBans();
        String key = Topics.activeBanKey("fail", "203.0.113.9");
        ActiveBan ban = ActiveBan.newBuilder()
                .setJail("fail")
                .setIp("203.0.113.9")
                .setDecisionId("d-9")
                .setSource(BanSource.AUTO)
                .setBannedAt(Instant.ofEpochMilli(1000))
                .setExpiresAt(null)
                .build();
        try (var producer = new KafkaProducer<>(
                withRegistry.producerConfig("it-producer"),
                activeBans.keySerde().serializer(),
                activeBans.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(activeBans.name(), key, ban)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(activeBans.name(), key, null)).get(30, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<byte[], byte[]>> records = readAll(activeBans.name(), 2);

        assertThat(records)
                .extracting(r -> activeBans.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .containsExactly(ban, null);
    }

    private static void send(Topic<String, Offense> topic, Offense offense) throws Exception {
        try (var producer = new KafkaProducer<>(
                withRegistry.producerConfig("it-producer"),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), offense.getIp(), offense))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads every partition from the beginning, as an enforcer does (no group), until {@code count} records came. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                withRegistry.consumerConfig("it-consumer", Optional.empty()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    private static Offense offense(String id) {
        return Offense.newBuilder()
                .setOffenseId(id)
                .setJail("fail")
                .setIp("203.0.113.7")
                .setHostId("web-1")
                .setEventTime(Instant.ofEpochMilli(1000))
                .setIngestTime(Instant.ofEpochMilli(1001))
                .setSource("/tmp/fail.log")
                .setLine("x")
                .build();
    }
}
