package io.fleetban.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TopicTailIT {

    @Test
    void shouldPrintWhatIsOnATopicFromTheBeginning() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker()) {
            final KafkaSettings settings = KafkaSettings.local(cluster.bootstrapServers());
            final Topics topics = Topics.create(settings);
            try (Admin admin = Admin.create(settings.adminConfig("tail-it"))) {
                admin.createTopics(topics.newTopics()).all().get();
            }
            final Topic<String, Unban> unbans = topics.unbans();
            try (KafkaProducer<String, Unban> producer = new KafkaProducer<>(
                    settings.producerConfig("tail-it"),
                    unbans.keySerde().serializer(),
                    unbans.valueSerde().serializer())) {
                producer.send(new ProducerRecord<>(
                                unbans.name(),
                                "198.51.100.66",
                                Unban.newBuilder()
                                        .setDecisionId("d-1")
                                        .setJail("fail")
                                        .setIp("198.51.100.66")
                                        .setReason(UnbanReason.MANUAL)
                                        .setActor("ops@bastion")
                                        .setUnbannedAt(Instant.now())
                                        .build()))
                        .get();
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream();

            try (TopicTail tail = new TopicTail(settings, unbans, true)) {
                assertThat(tail.run(RecordFormat.TEXT, new PrintStream(out, true, StandardCharsets.UTF_8), 1))
                        .isEqualTo(1);
            }

            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("UNBAN    jail=fail ip=198.51.100.66 reason=MANUAL actor=ops@bastion\n");
        }
    }
}
