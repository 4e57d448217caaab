package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.publish.OffensePublisher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start reads like fail2ban: a log present at start is read back to the jail's findtime (the seed jail:
 * 10 minutes), so an attack in progress is not forgotten, and nothing older is published. A 1 GiB log whose last
 * minute only is inside findtime must cost a few probes, not a scan: asserted on the bytes the tailer read.
 */
class FirstStartFindtimeTest {

    private static final long ONE_GIB = 1L << 30;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int RECENT_LINES = 600;

    @TempDir
    Path dir;

    @Test
    void aOneGibLogIsSearchedNotScannedAndOnlyItsLinesInsideFindtimeArePublished() throws IOException {
        Path log = dir.resolve("fail.log");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        writeOldLines(log, now.minus(Duration.ofHours(12)));
        Set<String> recentIps = appendRecentLines(log, now);
        assertThat(Files.size(log)).isGreaterThan(ONE_GIB);
        ShipperConfig config =
                ShipperConfig.load(SeedFail2banConfig.fleetbanConf(dir, "localhost:9092", log, "log.timezone = UTC"));
        MockProducer<String, Offense> producer = new MockProducer<>(
                true,
                null,
                new StringSerializer(),
                Topics.create(config.kafka()).offenses().valueSerde().serializer());

        try (ShipperApp app = app(config, producer)) {
            app.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.counters().get("fail").offensesPublished() >= RECENT_LINES);
            await().pollDelay(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> app.tailCounters().bytesRead() >= recentBytes());

            assertThat(producer.history())
                    .extracting(ProducerRecord::key)
                    .hasSize(RECENT_LINES)
                    .containsExactlyInAnyOrderElementsOf(recentIps);
            // A few probes of 64 KiB to find the window, then about one probe of old lines before it.
            assertThat(app.tailCounters().seekBytesRead()).isLessThan(4L << 20);
            assertThat(app.tailCounters().seekLinesExamined()).isLessThan(1_000);
            assertThat(app.tailCounters().bytesRead()).isLessThan(recentBytes() + (1L << 20));
            assertThat(app.counters().get("fail").linesRead()).isLessThan(RECENT_LINES + 20_000);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static ShipperApp app(ShipperConfig config, MockProducer<String, Offense> producer) {
        Topic<String, Offense> topic = Topics.create(config.kafka()).offenses();
        FilterClock clock = FilterClock.system(config.logTimeZone());
        List<TailedJail> jails =
                config.jails().stream().map(jail -> TailedJail.of(jail, clock)).toList();
        return new ShipperApp(config, jails, new OffensePublisher(producer, topic.name()), Clock.systemUTC());
    }

    private long recentBytes() {
        return (long) RECENT_LINES * (SeedLines.line(Instant.EPOCH, recentIp(0)).length() + 1);
    }

    /**
     * 1 GiB of failures from one address, older than findtime: 1 MiB chunks of equal lines whose dates go up by
     * 30 s a chunk, written from one buffer whose dates are rewritten in place (fast enough for a unit test).
     */
    private static void writeOldLines(Path log, Instant from) throws IOException {
        byte[] line = (SeedLines.line(from, "192.0.2.1") + "\n").getBytes(StandardCharsets.US_ASCII);
        int linesPerChunk = CHUNK_BYTES / line.length;
        ByteBuffer chunk = ByteBuffer.allocate(linesPerChunk * line.length);
        for (int i = 0; i < linesPerChunk; i++) {
            chunk.put(line);
        }
        int dateLength = "2026-12-05 12:00:00".length();
        try (FileChannel out = FileChannel.open(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0, n = 0; written < ONE_GIB; n++) {
                byte[] date = SeedLines.line(from.plusSeconds(30 * n), "")
                        .substring(0, dateLength)
                        .getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < linesPerChunk; i++) {
                    chunk.put(i * line.length, date);
                }
                chunk.clear();
                while (chunk.hasRemaining()) {
                    written += out.write(chunk);
                }
            }
        }
    }

    /** The last minute: {@value #RECENT_LINES} failures, each from its own address. */
    private static Set<String> appendRecentLines(Path log, Instant now) throws IOException {
        StringBuilder text = new StringBuilder();
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < RECENT_LINES; i++) {
            String ip = recentIp(i);
            ips.add(ip);
            text.append(SeedLines.line(now.minusSeconds(60).plusMillis(100L * i), ip))
                    .append('\n');
        }
        Files.writeString(log, text, StandardOpenOption.APPEND);
        return ips;
    }

    private static String recentIp(int i) {
        return "198.51." + (100 + i / 250) + "." + (1 + i % 250);
    }
}
