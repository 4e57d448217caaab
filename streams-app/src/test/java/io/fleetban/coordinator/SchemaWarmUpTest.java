package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's start-up schema resolution: the same registrations its serializers would make, into their cache;
 * a registry that cannot answer is waited for, and closing ends the wait.
 */
@Timeout(60)
class SchemaWarmUpTest {

    private static final List<String> DECISION_SUBJECTS = List.of(
            "fleetban.bans-value", "fleetban.unbans-value", "fleetban.active-bans-value", "fleetban.commands-value");

    private SchemaRegistryDouble registry;
    private Topics topics;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = SchemaRegistryDouble.start(1);
        topics = Topics.create(
                new KafkaSettings("unused:9092", "fleetban.", Optional.of(registry.url()), 1, 1, (short) 1, Map.of()));
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaWarmUp warmUp() {
        return new SchemaWarmUp(
                List.of(topics.bans(), topics.unbans(), topics.activeBans(), topics.commands()),
                Duration.ofMillis(10),
                Duration.ofMillis(50));
    }

    @Test
    void registersEverySubjectTheCoordinatorWritesSoItsSerializersNeverAskAgain() {
        assertThat(SchemaWarmUp.forCoordinatorOutputs(topics).await()).isTrue();

        assertThat(registeredSubjects()).containsExactlyElementsOf(DECISION_SUBJECTS);
        int requests = registry.requests().size();
        registry.goDown();
        assertThat(SchemaWarmUp.forCoordinatorOutputs(topics).await())
                .as("answered from the serdes' cache")
                .isTrue();
        assertThat(registry.requests()).hasSize(requests);
    }

    @Test
    void waitsWhileTheRegistryIsDownAndFinishesWhenItIsBack() throws IOException {
        registry.goDown();
        CompletableFuture<Boolean> resolved = CompletableFuture.supplyAsync(warmUp()::await);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !resolved.isDone());

        registry.comeBack();

        await().atMost(Duration.ofSeconds(20)).until(resolved::isDone);
        assertThat(resolved.join()).isTrue();
        assertThat(registeredSubjects()).containsExactlyElementsOf(DECISION_SUBJECTS);
    }

    @Test
    void closingEndsTheWait() {
        registry.goDown();
        SchemaWarmUp warmUp = warmUp();
        CompletableFuture<Boolean> resolved = CompletableFuture.supplyAsync(warmUp::await);

        warmUp.close();

        await().atMost(Duration.ofSeconds(20)).until(resolved::isDone);
        assertThat(resolved.join()).isFalse();
        assertThat(registeredSubjects()).isEmpty();
    }

    @Test
    void aRefusedSchemaFailsAtOnceInsteadOfWaiting() {
        registry.markIncompatible("fleetban.unbans-value");

        assertThatThrownBy(warmUp()::await)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("fleetban.unbans-value")
                .hasMessageContaining("409");
    }

    private List<String> registeredSubjects() {
        return registry.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .map(r -> r.path().replaceAll("^/subjects/(.*)/versions$", "$1"))
                .distinct()
                .toList();
    }
}
