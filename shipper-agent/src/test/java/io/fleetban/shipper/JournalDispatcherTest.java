package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.journal.JournalEntry;
import io.fleetban.shipper.journal.JournalPosition;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffenseId;
import io.fleetban.shipper.publish.OffensePublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The journal cursor moves only past entries whose offenses the broker acknowledged (a recording producer). */
class JournalDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    private static final Instant ENTRY_TIME = Instant.parse("2026-11-25T14:59:41.187324Z");

    private final Topic<String, Offense> topic =
            Topics.create(KafkaSettings.local("localhost:9092")).offenses();
    private final MockProducer<String, Offense> producer = new MockProducer<>(
            false, null, new StringSerializer(), topic.valueSerde().serializer());
    private final JailCounters counts = new JailCounters();
    private final JournalPosition position = new JournalPosition(Optional.of("c0"));

    /** A stand-in for sshd's journal filter: "... Failed password ... from <ip>" is a failure. */
    private static final Function<String, MatchResult> SSHD_LIKE = line -> line.contains("Failed password")
            ? new MatchResult.Failure(IpAddress.parse(line.substring(line.lastIndexOf(' ') + 1)), NOW, Map.of())
            : MatchResult.Missed.of(MatchResult.Missed.NO_MATCH);

    private final JournalDispatcher dispatcher = new JournalDispatcher(
            "sshd",
            SSHD_LIKE,
            counts,
            new OffenseFactory("web-1", Clock.fixed(NOW, ZoneOffset.UTC)),
            new OffensePublisher(producer, topic.name()));

    private static JournalEntry entry(String cursor, String message) {
        return new JournalEntry(
                cursor, ENTRY_TIME, Optional.of("web-1"), Optional.of("sshd"), OptionalLong.of(42), message);
    }

    private void dispatch(String cursor, String message) {
        dispatcher.accept(position.read(entry(cursor, message)));
    }

    @Test
    void cursorWaitsForTheAcknowledgementOfEachOffense() {
        dispatch("c1", "Connection closed by 198.51.100.1");
        dispatch("c2", "Failed password for root from 203.0.113.9");
        dispatch("c3", "Failed password for admin from 198.51.100.7");

        assertThat(position.committedCursor()).contains("c1");
        producer.completeNext();
        assertThat(position.committedCursor()).contains("c2");
        producer.completeNext();
        assertThat(position.committedCursor()).contains("c3");
        assertThat(counts.linesRead()).isEqualTo(3);
        assertThat(counts.linesMissed()).isEqualTo(1);
        assertThat(counts.offensesPublished()).isEqualTo(2);
    }

    @Test
    void failedSendKeepsTheCursorBeforeItsEntrySoARestartReadsItAgain() {
        dispatch("c1", "Failed password for root from 203.0.113.9");
        dispatch("c2", "Failed password for admin from 198.51.100.7");

        producer.errorNext(new TimeoutException("broker unreachable"));
        producer.completeNext();

        assertThat(position.committedCursor()).contains("c0");
        assertThat(counts.publishErrors()).isEqualTo(1);
        assertThat(counts.offensesPublished()).isEqualTo(1);
    }

    @Test
    void offenseCarriesTheEntrysTimeLineAndACursorDerivedId() {
        dispatch("s=ab;i=2", "Failed password for root from 203.0.113.9");

        Offense offense = producer.history().get(0).value();
        assertThat(producer.history().get(0).key()).isEqualTo("203.0.113.9");
        assertThat(offense.getOffenseId()).isEqualTo(OffenseId.ofJournal("web-1", "sshd", "s=ab;i=2"));
        // The Offense schema keeps milliseconds.
        assertThat(offense.getEventTime()).isEqualTo(ENTRY_TIME.truncatedTo(ChronoUnit.MILLIS));
        assertThat(offense.getLine()).isEqualTo("web-1 sshd[42]: Failed password for root from 203.0.113.9");
        assertThat(offense.getSource()).isEqualTo(OffenseFactory.JOURNAL_SOURCE);
    }

    @Test
    void entryReadAgainAfterARestartGetsTheSameOffenseId() {
        dispatch("s=ab;i=2", "Failed password for root from 203.0.113.9");
        JournalDispatcher afterRestart = new JournalDispatcher(
                "sshd",
                SSHD_LIKE,
                new JailCounters(),
                new OffenseFactory("web-1", Clock.systemUTC()),
                new OffensePublisher(producer, topic.name()));
        afterRestart.accept(new JournalPosition(Optional.empty())
                .read(entry("s=ab;i=2", "Failed password for root from 203.0.113.9")));
        dispatch("s=ab;i=3", "Failed password for root from 203.0.113.9");

        assertThat(producer.history())
                .extracting(r -> r.value().getOffenseId())
                .containsExactly(
                        OffenseId.ofJournal("web-1", "sshd", "s=ab;i=2"),
                        OffenseId.ofJournal("web-1", "sshd", "s=ab;i=2"),
                        OffenseId.ofJournal("web-1", "sshd", "s=ab;i=3"));
        assertThat(OffenseId.ofJournal("web-1", "sshd", "s=ab;i=2"))
                .isNotEqualTo(OffenseId.ofJournal("web-1", "sshd-ddos", "s=ab;i=2"));
    }
}
