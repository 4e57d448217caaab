package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.kafka.metrics.MetricsServer;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.publish.OffensePublisher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent with the seed jail and filter, against a MockProducer that acknowledges every send. */
class ShipperAppTest {

    @TempDir
    Path dir;

    private Path log;
    private ShipperConfig config;

    private ShipperApp app(MockProducer<String, Offense> producer) {
        Topic<String, Offense> topic = Topics.create(config.kafka()).offenses();
        FilterClock clock = FilterClock.system(config.logTimeZone());
        List<TailedJail> jails =
                config.jails().stream().map(jail -> TailedJail.of(jail, clock)).toList();
        return new ShipperApp(config, jails, new OffensePublisher(producer, topic.name()), Clock.systemUTC());
    }

    private MockProducer<String, Offense> producer() {
        Topic<String, Offense> topic = Topics.create(config.kafka()).offenses();
        return new MockProducer<>(
                true, null, new StringSerializer(), topic.valueSerde().serializer());
    }

    private void configure() throws IOException {
        log = dir.resolve("fail.log");
        Files.createFile(log);
        config = ShipperConfig.load(SeedFail2banConfig.fleetbanConf(
                dir, "localhost:9092", log, "log.timezone = UTC", "checkpoint.interval = 50ms"));
    }

    @Test
    void shipsEachSeedLineAsAnOffenseWithTheLineTime() throws IOException {
        configure();
        MockProducer<String, Offense> producer = producer();
        try (ShipperApp app = app(producer)) {
            app.start();
            Instant written = SeedLines.append(log, "198.51.100.66");
            Files.writeString(log, "not a seed line\n", StandardOpenOption.APPEND);
            SeedLines.append(log, "999.1.1.1");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.counters().get("fail").linesRead() == 3);

            assertThat(producer.history()).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("198.51.100.66");
                assertThat(record.value().getEventTime()).isEqualTo(written);
                assertThat(record.value().getHostId()).isEqualTo("web-1");
                assertThat(record.value().getSource()).isEqualTo(log.toString());
            });
            // An address that does not parse is a miss, counted and never shipped.
            assertThat(app.counters().get("fail").linesMissed()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.counters().get("fail").offensesPublished() == 1);
        }
    }

    @Test
    void metricsEndpointServesTheJailCountersAndHealthWhileRunning() throws Exception {
        log = dir.resolve("fail.log");
        Files.createFile(log);
        config = ShipperConfig.load(SeedFail2banConfig.fleetbanConf(
                dir, "localhost:9092", log, "log.timezone = UTC", "metrics.listen = 127.0.0.1:0"));
        HttpClient http = HttpClient.newHttpClient();
        try (ShipperApp app = app(producer())) {
            app.start();
            SeedLines.append(log, "198.51.100.66");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.counters().get("fail").offensesPublished() == 1);

            URI base = URI.create(
                    "http://127.0.0.1:" + app.metricsAddress().orElseThrow().getPort());
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
            assertThat(metrics.body())
                    .contains(
                            "fleetban_shipper_lines_matched_total{jail=\"fail\"} 1.0",
                            "fleetban_shipper_offenses_published_total{jail=\"fail\"} 1.0",
                            "fleetban_shipper_lines_hostname_total{jail=\"fail\"} 0.0",
                            "fleetban_shipper_lines_before_findtime_total{jail=\"fail\"} 0.0",
                            "fleetban_shipper_rotated_recovered_total 0.0",
                            "fleetban_shipper_rotated_unrecovered_total 0.0",
                            "fleetban_shipper_rotated_unrecovered_bytes_total 0.0",
                            "fleetban_shipper_rotated_compressed_skipped_total 0.0",
                            "fleetban_shipper_start_seek_bytes_total 0.0",
                            "fleetban_shipper_bytes_read_total");
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void restartResumesAfterTheLastAcknowledgedLineWithoutLossOrResend() throws IOException {
        configure();
        MockProducer<String, Offense> first = producer();
        try (ShipperApp app = app(first)) {
            app.start();
            SeedLines.append(log, "198.51.100.1", "198.51.100.2");
            await().atMost(Duration.ofSeconds(10)).until(() -> first.history().size() == 2);
        }
        SeedLines.append(log, "198.51.100.3");

        MockProducer<String, Offense> second = producer();
        try (ShipperApp app = app(second)) {
            app.start();
            SeedLines.append(log, "198.51.100.4");
            await().atMost(Duration.ofSeconds(10)).until(() -> second.history().size() == 2);
        }

        assertThat(first.history()).extracting(ProducerRecord::key).containsExactly("198.51.100.1", "198.51.100.2");
        assertThat(second.history()).extracting(ProducerRecord::key).containsExactly("198.51.100.3", "198.51.100.4");
    }
}
