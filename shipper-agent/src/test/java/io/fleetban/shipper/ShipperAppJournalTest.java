package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.journal.JournalCursorStore;
import io.fleetban.shipper.journal.TestJournal;
import io.fleetban.shipper.publish.OffensePublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code backend = systemd} jail end to end inside the agent: a real journal file followed by the real journalctl
 * ({@code [shipper] journalctl = journalctl --file=...}), the jail's filter, a MockProducer that acknowledges every
 * send, and the saved cursor across a restart. Skipped without journalctl and systemd-journal-remote.
 */
@Timeout(60)
class ShipperAppJournalTest {

    @TempDir
    Path dir;

    private TestJournal journal;
    private ShipperConfig config;

    @BeforeEach
    void configure() throws IOException {
        Optional<String> unavailable = TestJournal.unavailableReason();
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable::get);
        journal = new TestJournal(dir.resolve("remote.journal"));
        Path conf = SeedFail2banConfig.fleetbanConf(
                dir,
                "localhost:9092",
                dir.resolve("fail.log"),
                "checkpoint.interval = 20ms",
                "journalctl = journalctl --file=" + journal.file());
        Files.writeString(dir.resolve("fail2ban/filter.d/sshd-lite.conf"), """
                [Definition]
                failregex = ^\\S+ sshd\\[\\d+\\]: Failed password for \\S+ from <HOST> port \\d+
                [Init]
                journalmatch = _SYSTEMD_UNIT=sshd.service + _COMM=sshd
                """);
        Files.writeString(dir.resolve("fail2ban/jail.d/sshd.conf"), """
                [sshd]
                enabled = true
                backend = systemd
                filter = sshd-lite
                """);
        config = ShipperConfig.load(conf);
    }

    private ShipperApp app(MockProducer<String, Offense> producer) {
        Topic<String, Offense> topic = Topics.create(config.kafka()).offenses();
        return new ShipperApp(
                config,
                List.of(),
                ShipperApp.journalSources(config, FilterClock.system(config.logTimeZone())),
                new OffensePublisher(producer, topic.name()),
                Clock.systemUTC());
    }

    private MockProducer<String, Offense> producer() {
        Topic<String, Offense> topic = Topics.create(config.kafka()).offenses();
        return new MockProducer<>(
                true, null, new StringSerializer(), topic.valueSerde().serializer());
    }

    @Test
    void shipsJournalFailuresAndResumesAfterTheSavedCursorWithoutRepeats() throws Exception {
        journal.append(1, "sshd.service", "sshd", "Failed password for root from 203.0.113.9 port 22 ssh2");
        // As if an earlier run had acknowledged entry 1.
        new JournalCursorStore(config.stateDir()).save(Map.of("sshd", journal.lastCursor()));
        journal.append(2, "sshd.service", "sshd", "Failed password for admin from 203.0.113.10 port 22 ssh2");

        MockProducer<String, Offense> first = producer();
        try (ShipperApp app = app(first)) {
            app.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.counters().get("sshd").offensesPublished() == 1);
            journal.append(3, "sshd.service", "sshd", "Connection closed by 203.0.113.10 port 22");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.counters().get("sshd").linesRead() == 2);
        }
        assertThat(first.history()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("203.0.113.10");
            assertThat(record.value().getEventTime()).isEqualTo(Instant.ofEpochSecond(1_795_000_002L));
            assertThat(record.value().getLine())
                    .isEqualTo("web-1 sshd[1002]: Failed password for admin from 203.0.113.10 port 22 ssh2");
        });
        assertThat(new JournalCursorStore(config.stateDir()).load()).containsKey("sshd");

        journal.append(4, "sshd.service", "sshd", "Failed password for root from 203.0.113.11 port 22 ssh2");
        MockProducer<String, Offense> second = producer();
        try (ShipperApp app = app(second)) {
            app.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.counters().get("sshd").offensesPublished() == 1);
            assertThat(app.counters().get("sshd").linesRead()).isEqualTo(1);
        }
        assertThat(second.history()).extracting(ProducerRecord::key).containsExactly("203.0.113.11");
    }
}
