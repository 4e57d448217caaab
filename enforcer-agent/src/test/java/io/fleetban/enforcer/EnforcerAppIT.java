package io.fleetban.enforcer;

import static io.fleetban.enforcer.consume.DecisionRecords.activeBan;
import static io.fleetban.enforcer.consume.DecisionRecords.ban;
import static io.fleetban.enforcer.consume.DecisionRecords.unban;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.kafka.Topics;
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
 * The enforcer on a real KRaft broker with the dry-run backend: it rebuilds from active-bans at start, follows
 * bans and unbans, orders them by decision time, skips undecodable records without stopping, and removes its
 * rules on close. No root needed: the dry-run backend prints the exact ipset script it would run.
 */
@Tag("integration")
@Timeout(180)
class EnforcerAppIT {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    @AutoClose
    private static DecisionBroker broker;

    private static Topics topics;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = DecisionBroker.start();
        topics = broker.topics();
    }

    @Test
    void shouldRebuildFollowOrderAndSurviveBadRecordsOnARealBroker() throws Exception {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        broker.send(topics.activeBans(), "fail/198.51.100.2", activeBan("198.51.100.2", now, now.plusSeconds(600)));
        final DryRunPrintout printed = new DryRunPrintout();
        final EnforcerConfig config = broker.enforcerConfig(dir, "it-1", "dry-run");

        try (EnforcerApp app = printed.enforcer(config)) {
            app.start();
            // The entry carries what is left of the 600 s ban, however long the start took.
            assertThat(printed.text())
                    .containsPattern("add fleetban-fail-v4 198\\.51\\.100\\.2 timeout (5[89]\\d|600)\\n");

            broker.send(topics.bans(), "198.51.100.7", ban("198.51.100.7", now, now.plusSeconds(600)));
            await().atMost(AT_MOST).until(() -> printed.contains("add fleetban-fail-v4 198.51.100.7 timeout"));
            applyEachFreshBan(printed, now);

            broker.send(topics.unbans(), "198.51.100.7", unban("198.51.100.7", now.plusSeconds(1)));
            await().atMost(AT_MOST).until(() -> printed.contains("del fleetban-fail-v4 198.51.100.7"));

            broker.send(topics.unbans(), "198.51.100.9", unban("198.51.100.9", now.plusSeconds(5)));
            broker.sendBytes(topics.bans(), "198.51.100.9", "not avro".getBytes(StandardCharsets.UTF_8));
            broker.send(topics.bans(), "198.51.100.9", ban("198.51.100.9", now, now.plusSeconds(600)));
            broker.send(topics.bans(), "198.51.100.8", ban("198.51.100.8", now, now.plusSeconds(600)));
            await().atMost(AT_MOST).until(() -> printed.contains("add fleetban-fail-v4 198.51.100.8 timeout"));
            assertThat(printed.text()).doesNotContain("add fleetban-fail-v4 198.51.100.9");
            assertThat(app.metrics()
                            .count(
                                    EnforcerMetrics.RECORDS_UNDECODABLE,
                                    topics.bans().name()))
                    .isEqualTo(1);
            assertThat(app.metrics().count(EnforcerMetrics.DECISIONS_STALE)).isEqualTo(1);
        }
        assertThat(printed.text()).contains("ipset destroy fleetban-fail-v4");
    }

    /** Twenty more bans of fresh IPs, sent one after the other: each is applied. */
    private static void applyEachFreshBan(DryRunPrintout printed, Instant now) throws Exception {
        for (int i = 10; i < 30; i++) {
            final String ip = "203.0.113." + i;
            broker.send(topics.bans(), ip, ban(ip, now, now.plusSeconds(600)));
            await().atMost(AT_MOST).until(() -> printed.contains("add fleetban-fail-v4 " + ip + " timeout"));
        }
    }
}
