package io.fleetban.shipper.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class OffensePublisherTest {

    private final Topic<String, Offense> topic =
            Topics.create(KafkaSettings.local("localhost:9092")).offenses();
    private final MockProducer<String, Offense> producer = new MockProducer<>(
            false, null, new StringSerializer(), topic.valueSerde().serializer());
    private final OffensePublisher publisher = new OffensePublisher(producer, topic.name());

    private static Offense offense(String ip) {
        return Offense.newBuilder()
                .setOffenseId("id-1")
                .setJail("fail")
                .setIp(ip)
                .setHostId("web-1")
                .setEventTime(Instant.parse("2025-10-08T14:23:15Z"))
                .setIngestTime(Instant.parse("2025-10-08T14:23:15.004Z"))
                .setSource("/tmp/fail.log")
                .setLine("2025-10-08 14:23:15 - IP: " + ip + " - User-Agent: curl/7.81.0")
                .build();
    }

    @Test
    void sendsToTheOffensesTopicKeyedByTheIp() {
        Offense offense = offense("198.51.100.66");

        publisher.publish(offense);

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("fleetban.offenses");
            assertThat(record.key()).isEqualTo("198.51.100.66");
            assertThat(record.value()).isEqualTo(offense);
        });
    }

    @Test
    void futureCompletesOnlyWhenTheBrokerAcknowledges() {
        CompletableFuture<RecordMetadata> acknowledged = publisher.publish(offense("198.51.100.66"));
        assertThat(acknowledged).isNotDone();

        producer.completeNext();

        assertThat(acknowledged).isCompleted();
    }

    @Test
    void failedSendCompletesTheFutureExceptionally() {
        CompletableFuture<RecordMetadata> acknowledged = publisher.publish(offense("2001:db8::1"));

        producer.errorNext(new TimeoutException("delivery timeout"));

        assertThat(acknowledged).isCompletedExceptionally();
    }

    @Test
    void anOffenseIsSentAgainWhenTheRegistryComesBackInsteadOfWaitingForARestart() throws Exception {
        try (SchemaRegistryDouble registry = SchemaRegistryDouble.start(1)) {
            Topic<String, Offense> registered = Topics.create(new KafkaSettings(
                            "localhost:9092", "fleetban.", Optional.of(registry.url()), 6, 1, (short) 1, Map.of()))
                    .offenses();
            MockProducer<String, Offense> mock = new MockProducer<>(
                    true, null, new StringSerializer(), registered.valueSerde().serializer());
            OffensePublisher retrying = new OffensePublisher(mock, registered.name(), 20);
            registry.goDown();

            CompletableFuture<RecordMetadata> acknowledged = retrying.publish(offense("198.51.100.66"));
            assertThat(acknowledged).as("held while the registry is down").isNotDone();
            registry.comeBack();

            assertThat(acknowledged.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(mock.history())
                    .singleElement()
                    .satisfies(record -> assertThat(record.value().getIp()).isEqualTo("198.51.100.66"));
            retrying.close();
        }
    }

    @Test
    void sendOnAClosedProducerFailsTheFutureInsteadOfThrowing() {
        producer.close();

        assertThat(publisher.publish(offense("198.51.100.66"))).isCompletedExceptionally();
    }

    @Test
    void theProducerBufferIsSmallUnlessKafkaSectionSetsIt() {
        KafkaSettings defaults = KafkaSettings.local("localhost:9092");
        KafkaSettings configured = KafkaSettings.parse(
                Map.of("bootstrap.servers", "localhost:9092", "buffer.memory", "33554432"), "fleetban.conf");

        assertThat(OffensePublisher.producerConfig(defaults, "c")).containsEntry("buffer.memory", 4L << 20);
        assertThat(OffensePublisher.producerConfig(configured, "c")).containsEntry("buffer.memory", "33554432");
    }
}
