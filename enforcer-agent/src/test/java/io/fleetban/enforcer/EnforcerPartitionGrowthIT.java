package io.fleetban.enforcer;

import static io.fleetban.enforcer.consume.DecisionRecords.ban;
import static io.fleetban.enforcer.consume.DecisionRecords.serialized;
import static io.fleetban.enforcer.consume.DecisionRecords.unban;
import static org.awaitility.Awaitility.await;

import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator grows the bans or unbans topic under a running enforcer: a decision written into a new partition is
 * applied, without a restart, within the metadata refresh plus one partition check.
 */
@Tag("integration")
@Timeout(180)
class EnforcerPartitionGrowthIT {

    @TempDir
    Path dir;

    @Test
    void shouldApplyABanWrittenIntoAPartitionAddedWhileRunning() throws Exception {
        try (DecisionBroker broker = DecisionBroker.start()) {
            final Topics topics = broker.topics();
            final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            final DryRunPrintout printed = new DryRunPrintout();
            // A short metadata age, passed through [kafka] as operators may, keeps the test short.
            final EnforcerConfig config =
                    broker.enforcerConfig(dir, "grow-1", "dry-run", Map.of("metadata.max.age.ms", "1000"));
            try (EnforcerApp app = printed.enforcer(config)) {
                app.start();
                final int before = broker.partitionCount(topics.bans().name());
                broker.addPartitions(topics.bans().name(), before + 2);

                // Written straight into the newest partition, as a producer that sees the new layout would.
                broker.sendToPartition(
                        topics.bans().name(),
                        before + 1,
                        "198.51.100.77",
                        serialized(topics.bans(), ban("198.51.100.77", now, now.plusSeconds(600))));

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> printed.contains("add fleetban-fail-v4 198.51.100.77 timeout"));
            }
        }
    }

    @Test
    void shouldLiftABanWithAnUnbanWrittenIntoAPartitionAddedWhileRunning() throws Exception {
        try (DecisionBroker broker = DecisionBroker.start()) {
            final Topics topics = broker.topics();
            final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            final DryRunPrintout printed = new DryRunPrintout();
            final EnforcerConfig config =
                    broker.enforcerConfig(dir, "grow-2", "dry-run", Map.of("metadata.max.age.ms", "1000"));
            try (EnforcerApp app = printed.enforcer(config)) {
                app.start();
                broker.sendToPartition(
                        topics.bans().name(),
                        0,
                        "198.51.100.78",
                        serialized(topics.bans(), ban("198.51.100.78", now, now.plusSeconds(600))));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> printed.contains("add fleetban-fail-v4 198.51.100.78 timeout"));
                final int before = broker.partitionCount(topics.unbans().name());
                broker.addPartitions(topics.unbans().name(), before + 2);

                broker.sendToPartition(
                        topics.unbans().name(),
                        before + 1,
                        "198.51.100.78",
                        serialized(topics.unbans(), unban("198.51.100.78", now.plusSeconds(1))));

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> printed.contains("del fleetban-fail-v4 198.51.100.78"));
            }
        }
    }
}
