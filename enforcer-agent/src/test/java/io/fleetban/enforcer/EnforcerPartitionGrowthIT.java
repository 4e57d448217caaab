package io.fleetban.enforcer;

import static io.fleetban.enforcer.consume.DecisionRecords.ban;
import static io.fleetban.enforcer.consume.DecisionRecords.serialized;
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
 * An operator grows the bans topic under a running enforcer: a ban written into the new partition is applied,
 * without a restart, within the metadata refresh plus one partition check.
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
}
