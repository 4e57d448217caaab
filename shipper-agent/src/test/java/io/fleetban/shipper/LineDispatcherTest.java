package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffensePublisher;
import io.fleetban.shipper.tail.LogPathGlob;
import io.fleetban.shipper.tail.LogTailer;
import io.fleetban.shipper.tail.ReadFrom;
import io.fleetban.shipper.tail.StartWindow;
import io.fleetban.shipper.tail.TailOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LineDispatcherTest {

    private static final Instant EVENT_TIME = Instant.parse("2025-10-08T14:23:15Z");

    @TempDir
    Path dir;

    private Path log;
    private LogTailer tailer;
    private final Topic<String, Offense> topic =
            Topics.create(KafkaSettings.local("localhost:9092")).offenses();
    private final MockProducer<String, Offense> producer = new MockProducer<>(
            false, null, new StringSerializer(), topic.valueSerde().serializer());

    /** A stand-in for the seed filter: "fail <ip>" is a failure, "ignore" ignored, anything else missed. */
    private static final Function<String, MatchResult> SEED_LIKE = line -> {
        if (line.startsWith("fail ")) {
            try {
                return new MatchResult.Failure(IpAddress.parse(line.substring(5)), EVENT_TIME, Map.of());
            } catch (IllegalArgumentException e) {
                return new MatchResult.Missed(
                        MatchResult.Missed.INVALID_ADDRESS, Optional.of(line.substring(5)), Optional.of(EVENT_TIME));
            }
        }
        if (line.startsWith("host ")) {
            return new MatchResult.Missed(
                    MatchResult.Missed.UNRESOLVED_HOST, Optional.of(line.substring(5)), Optional.of(EVENT_TIME));
        }
        return line.equals("ignore") ? new MatchResult.Ignored(0) : MatchResult.Missed.of(MatchResult.Missed.NO_MATCH);
    };

    @BeforeEach
    void openLog() throws IOException {
        log = dir.resolve("fail.log");
        Files.createFile(log);
        tailer = new LogTailer(
                List.of(LogPathGlob.of(log.toString())), TailOptions.defaults().withReadFrom(ReadFrom.END), List.of());
    }

    @AfterEach
    void closeLog() {
        tailer.close();
    }

    private LineDispatcher dispatcher(TailedJail... jails) {
        return new LineDispatcher(
                List.of(jails),
                new OffenseFactory("web-1", Clock.systemUTC()),
                new OffensePublisher(producer, topic.name()));
    }

    private TailedJail jail(String name) {
        return new TailedJail(name, List.of(LogPathGlob.of(log.toString())), () -> SEED_LIKE);
    }

    @Test
    void countsEachVerdictAndPublishesOnlyFailures() throws IOException {
        LineDispatcher dispatcher = dispatcher(jail("fail"));
        Files.writeString(log, "fail 198.51.100.66\nignore\nhello\nfail 999.1.1.1\n");

        tailer.poll(dispatcher);
        producer.completeNext();

        JailCounters counts = dispatcher.counters().get("fail");
        assertThat(counts.linesRead()).isEqualTo(4);
        assertThat(counts.linesMatched()).isEqualTo(1);
        assertThat(counts.linesIgnored()).isEqualTo(1);
        assertThat(counts.linesMissed()).isEqualTo(2);
        assertThat(counts.invalidAddresses()).isEqualTo(1);
        assertThat(counts.offensesPublished()).isEqualTo(1);
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly("198.51.100.66");
    }

    @Test
    void metricsScrapeShowsEachVerdictPerJailAndNeverTheIp() throws IOException {
        LineDispatcher dispatcher = dispatcher(jail("fail"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dispatcher.counters().forEach((jail, counts) -> ShipperMetrics.bindJail(registry, jail, counts));
        assertThat(registry.scrape()).contains("fleetban_shipper_lines_matched_total{jail=\"fail\"} 0.0");
        Files.writeString(log, "fail 198.51.100.66\nignore\nhello\n");

        tailer.poll(dispatcher);
        producer.errorNext(new TimeoutException("broker unreachable"));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains(
                        "fleetban_shipper_lines_read_total{jail=\"fail\"} 3.0",
                        "fleetban_shipper_lines_matched_total{jail=\"fail\"} 1.0",
                        "fleetban_shipper_lines_ignored_total{jail=\"fail\"} 1.0",
                        "fleetban_shipper_lines_missed_total{jail=\"fail\"} 1.0",
                        "fleetban_shipper_offenses_published_total{jail=\"fail\"} 0.0",
                        "fleetban_shipper_publish_errors_total{jail=\"fail\"} 1.0");
        assertThat(scrape).doesNotContain("198.51.100.66");
    }

    @Test
    void checkpointWaitsForTheBrokerAcknowledgement() throws IOException {
        LineDispatcher dispatcher = dispatcher(jail("fail"));
        Files.writeString(log, "hello\nfail 198.51.100.66\nhello again\n");

        tailer.poll(dispatcher);
        assertThat(tailer.checkpoints())
                .singleElement()
                .extracting(c -> c.offset())
                .isEqualTo(6L);

        producer.completeNext();
        assertThat(tailer.checkpoints())
                .singleElement()
                .extracting(c -> c.offset())
                .isEqualTo(Files.size(log));
    }

    @Test
    void failedPublishIsCountedAndKeepsTheCheckpointBeforeTheLine() throws IOException {
        LineDispatcher dispatcher = dispatcher(jail("fail"));
        Files.writeString(log, "fail 198.51.100.66\nfail 203.0.113.7\n");

        tailer.poll(dispatcher);
        producer.errorNext(new TimeoutException("broker unreachable"));
        producer.completeNext();

        JailCounters counts = dispatcher.counters().get("fail");
        assertThat(counts.publishErrors()).isEqualTo(1);
        assertThat(counts.offensesPublished()).isEqualTo(1);
        assertThat(tailer.checkpoints())
                .singleElement()
                .extracting(c -> c.offset())
                .isEqualTo(0L);
    }

    @Test
    void twoJailsOnOneLogEachPublishTheirOwnOffense() throws IOException {
        LineDispatcher dispatcher = dispatcher(jail("fail"), jail("fail-ddos"));
        Files.writeString(log, "fail 198.51.100.66\n");

        tailer.poll(dispatcher);
        producer.completeNext();
        assertThat(tailer.checkpoints())
                .singleElement()
                .extracting(c -> c.offset())
                .isEqualTo(0L);
        producer.completeNext();

        assertThat(producer.history()).extracting(r -> r.value().getJail()).containsExactly("fail", "fail-ddos");
        assertThat(producer.history()).extracting(r -> r.value().getOffenseId()).doesNotHaveDuplicates();
        assertThat(tailer.checkpoints())
                .singleElement()
                .extracting(c -> c.offset())
                .isEqualTo(Files.size(log));
    }

    @Test
    void hostNamesAreCountedPerJailAndWarnedOncePerJail() throws IOException {
        LineDispatcher dispatcher = dispatcher(jail("fail"), jail("fail-ddos"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dispatcher.counters().forEach((jail, counts) -> ShipperMetrics.bindJail(registry, jail, counts));
        Logger logger = (Logger) LoggerFactory.getLogger(LineDispatcher.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            Files.writeString(log, "host mail.example.org\nhost box.example.net\nhost 3rd.example.com\n");

            tailer.poll(dispatcher);
        } finally {
            logger.detachAppender(warnings);
        }

        JailCounters counts = dispatcher.counters().get("fail");
        assertThat(counts.hostnames()).isEqualTo(3);
        assertThat(counts.linesMissed()).isEqualTo(3);
        assertThat(producer.history()).isEmpty();
        assertThat(registry.scrape())
                .contains(
                        "fleetban_shipper_lines_hostname_total{jail=\"fail\"} 3.0",
                        "fleetban_shipper_lines_hostname_total{jail=\"fail-ddos\"} 3.0");
        assertThat(warnings.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .anySatisfy(m -> assertThat(m)
                        .startsWith("jail=fail the failregex captured a host name " + "(mail.example.org)"))
                .anySatisfy(m -> assertThat(m).startsWith("jail=fail-ddos the failregex captured a host name"));
    }

    @Test
    void aFailureAlreadyInTheLogAtFirstStartIsPublishedOnlyInsideTheJailsFindtime() throws IOException {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        Function<String, MatchResult> dated = line -> new MatchResult.Failure(
                IpAddress.parse(line.substring(20)), Instant.parse(line.substring(0, 20)), Map.of());
        TailedJail jail = new TailedJail(
                "fail",
                List.of(LogPathGlob.of(log.toString())),
                () -> dated,
                new StartWindow(Duration.ofMinutes(10), () -> line -> Optional.empty()));
        LineDispatcher dispatcher = new LineDispatcher(
                List.of(jail),
                new OffenseFactory("web-1", Clock.fixed(now, ZoneOffset.UTC)),
                new OffensePublisher(producer, topic.name()),
                Clock.fixed(now, ZoneOffset.UTC));
        Files.writeString(log, "2026-12-05T11:49:59Z198.51.100.1\n2026-12-05T11:50:01Z198.51.100.2\n");
        tailer.close();
        tailer = new LogTailer(List.of(LogPathGlob.of(log.toString())), TailOptions.defaults(), List.of());

        tailer.poll(dispatcher);
        Files.writeString(log, "2026-12-05T11:00:00Z198.51.100.3\n", StandardOpenOption.APPEND);
        tailer.poll(dispatcher);

        // The line appended after start is shipped whatever its date: the coordinator judges it, as before.
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly("198.51.100.2", "198.51.100.3");
        assertThat(dispatcher.counters().get("fail").beforeFindTime()).isEqualTo(1);
    }
}
