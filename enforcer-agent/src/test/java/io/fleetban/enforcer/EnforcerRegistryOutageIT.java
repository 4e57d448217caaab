package io.fleetban.enforcer;

import static io.fleetban.enforcer.consume.DecisionRecords.ban;
import static io.fleetban.enforcer.consume.DecisionRecords.serialized;
import static io.fleetban.enforcer.consume.DecisionRecords.unban;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.kafka.Topics;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Schema Registry outage loses no decision on a real broker: decisions in the Confluent wire format whose writer
 * schema the enforcer has not fetched yet are held while the registry refuses connections or answers 503, and
 * applied once it answers; a record that is really undecodable is still skipped and counted.
 */
@Tag("integration")
@Timeout(180)
class EnforcerRegistryOutageIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @AutoClose
    private static SchemaRegistryDouble registry;

    @AutoClose
    private static DecisionBroker broker;

    private static Topics writer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndRegistry() throws Exception {
        registry = SchemaRegistryDouble.start(1);
        broker = DecisionBroker.startWithSchemaRegistry(registry.url());
        writer = broker.topics();
    }

    @Test
    void decisionsWrittenDuringAnOutageAreAppliedInOrderWhenTheRegistryAnswersAgain() throws Exception {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Serialized while the registry is up: the writer registers each schema once and caches its id.
        final byte[] firstBan = serialized(writer.bans(), ban("198.51.100.7", now, now.plusSeconds(600)));
        final byte[] secondBan =
                serialized(writer.bans(), ban("198.51.100.8", now.plusMillis(1), now.plusSeconds(600)));
        final byte[] unban = serialized(writer.unbans(), unban("198.51.100.7", now.plusSeconds(1)));
        final DryRunPrintout printed = new DryRunPrintout();
        final EnforcerConfig config = broker.enforcerConfig(dir, "it-registry", "dry-run");

        try (EnforcerApp app = printed.enforcer(config)) {
            app.start();

            registry.goDown();
            broker.sendBytes(writer.bans(), "198.51.100.7", firstBan);
            broker.sendBytes(writer.bans(), "198.51.100.8", secondBan);
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !printed.contains("198.51.100.7"));
            registry.comeBack();
            await().atMost(AT_MOST)
                    .until(() -> printed.contains("add fleetban-fail-v4 198.51.100.7 timeout")
                            && printed.contains("add fleetban-fail-v4 198.51.100.8 timeout"));

            registry.failNextRequests(1_000_000, 503);
            broker.sendBytes(writer.unbans(), "198.51.100.7", unban);
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !printed.contains("del fleetban-fail-v4 198.51.100.7"));
            assertThat(registry.requestsTo("GET", "/schemas/ids/2"))
                    .as("the unban's schema was asked for")
                    .isPositive();
            registry.failNextRequests(0, 503);
            await().atMost(AT_MOST).until(() -> printed.contains("del fleetban-fail-v4 198.51.100.7"));
            assertThat(app.metrics().total(EnforcerMetrics.RECORDS_UNDECODABLE)).isZero();

            broker.sendBytes(writer.bans(), "198.51.100.9", "not avro".getBytes(StandardCharsets.UTF_8));
            broker.send(writer.bans(), "198.51.100.10", ban("198.51.100.10", now, now.plusSeconds(600)));
            await().atMost(AT_MOST).until(() -> printed.contains("add fleetban-fail-v4 198.51.100.10 timeout"));
            assertThat(app.metrics()
                            .count(
                                    EnforcerMetrics.RECORDS_UNDECODABLE,
                                    writer.bans().name()))
                    .isEqualTo(1);
        }
    }
}
