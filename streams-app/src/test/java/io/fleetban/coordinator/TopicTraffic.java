package io.fleetban.coordinator;

import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the coordinator's integration tests send and read: offenses as a shipper sends them, decisions as an
 * enforcer reads them.
 */
final class TopicTraffic {

    private final KafkaSettings kafka;
    private final Topics topics;

    TopicTraffic(KafkaSettings kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /** One offense per host, in order, stamped now, keyed by IP as the shipper does. */
    void offenses(String jail, String ip, String... hosts) throws Exception {
        List<Offense> offenses = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            offenses.add(offense(hosts[i] + ":" + jail + ":" + ip + ":" + i, jail, ip, hosts[i], Instant.now()));
        }
        send(offenses);
    }

    /** An offense as a shipper makes it from a log line of {@code time}. */
    static Offense offense(String offenseId, String jail, String ip, String host, Instant time) {
        return Offense.newBuilder()
                .setOffenseId(offenseId)
                .setJail(jail)
                .setIp(ip)
                .setHostId(host)
                .setEventTime(time)
                .setIngestTime(time)
                .setSource("/tmp/fail.log")
                .setLine(time + " - IP: " + ip + " - User-Agent: it")
                .build();
    }

    /** Sends the offenses in order, keyed by IP as the shipper does. */
    void send(List<Offense> offenses) throws Exception {
        Topic<String, Offense> topic = topics.offenses();
        try (KafkaProducer<String, Offense> producer = new KafkaProducer<>(
                kafka.producerConfig("it-shipper"),
                new StringSerializer(),
                topic.valueSerde().serializer())) {
            for (Offense offense : offenses) {
                producer.send(new ProducerRecord<>(topic.name(), offense.getIp(), offense))
                        .get();
            }
        }
    }

    /** Waits for at least {@code count} records that a read_committed consumer (as every enforcer is) can see. */
    <V> List<V> readCommitted(Topic<?, V> topic, int count, String group) {
        return readCommitted(topic, count, group, value -> true);
    }

    /** As {@link #readCommitted(Topic, int, String)}, keeping only the records that match (tests share topics). */
    <V> List<V> readCommitted(Topic<?, V> topic, int count, String group, Predicate<V> match) {
        Map<String, Object> config = kafka.consumerConfig(group, Optional.of(group));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                config, new StringDeserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record.value())) {
                        values.add(record.value());
                    }
                }
                return values.size() >= count;
            });
        }
        return values;
    }
}
