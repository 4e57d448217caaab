package io.fleetban.enforcer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.EnforcerStatus;
import io.fleetban.enforcer.backend.FirewallHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StatusPublisherTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private final MockProducer<String, EnforcerStatus> producer = new MockProducer<>(
            true, null, new StringSerializer(), (Serializer<EnforcerStatus>) (topic, value) -> new byte[0]);
    private final StatusPublisher publisher = new StatusPublisher(producer, "fleetban.enforcer-status", "web-1");
    private final EnforcerStatusTracker tracker = new EnforcerStatusTracker("web-1", "1.0", T0, Duration.ofSeconds(10));

    private boolean publishAt(Instant now) {
        return publisher.publishIfDue(
                tracker,
                () -> tracker.snapshot(
                        List.of(),
                        Map.of(),
                        EnforcerStatusTracker.firewall(
                                true, FirewallHealth.STARTED, Optional.empty(), Optional.empty()),
                        now),
                now);
    }

    @Test
    void publishesAtStartAfterAChangeAtMostEvery100msAndEveryIntervalKeyedByHost() {
        assertThat(publishAt(T0)).as("first").isTrue();
        assertThat(publishAt(T0.plusSeconds(1)))
                .as("no change, interval not up")
                .isFalse();

        tracker.applied(Map.of(new TopicPartition("fleetban.bans", 0), 1L), Set.of(), List.of(), T0.plusSeconds(1));
        assertThat(publishAt(T0.plusSeconds(1))).as("changed").isTrue();
        tracker.applied(Map.of(new TopicPartition("fleetban.bans", 0), 2L), Set.of(), List.of(), T0.plusSeconds(1));
        assertThat(publishAt(T0.plusMillis(1_050)))
                .as("changed, but within 100 ms")
                .isFalse();
        assertThat(publishAt(T0.plusMillis(1_100))).as("changed, spacing over").isTrue();

        assertThat(publishAt(T0.plusMillis(11_099))).isFalse();
        assertThat(publishAt(T0.plusMillis(11_100))).as("interval up").isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() >= 1);
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo("web-1");
            assertThat(record.topic()).isEqualTo("fleetban.enforcer-status");
        });
        publisher.close();
    }
}
