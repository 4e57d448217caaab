package io.fleetban.shipper.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.Offense;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.tail.LogLine;
import io.fleetban.shipper.tail.LogPathGlob;
import io.fleetban.shipper.tail.LogTailer;
import io.fleetban.shipper.tail.ReadFrom;
import io.fleetban.shipper.tail.TailOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffenseFactoryTest {

    private static final Instant NOW = Instant.parse("2025-10-08T14:23:15.250Z");

    @TempDir
    Path dir;

    private final OffenseFactory factory = new OffenseFactory("web-1", Clock.fixed(NOW, ZoneOffset.UTC));

    private List<LogLine> read(String content) throws IOException {
        Path log = dir.resolve("fail.log");
        Files.writeString(log, content);
        List<LogLine> lines = new ArrayList<>();
        try (LogTailer tailer = new LogTailer(
                List.of(LogPathGlob.of(log.toString())),
                TailOptions.defaults().withReadFrom(ReadFrom.BEGINNING),
                List.of())) {
            tailer.poll(lines::add);
        }
        return lines;
    }

    @Test
    void offenseCarriesTheLinePositionAndTimes() throws IOException {
        LogLine line = read("header\n2025-10-08 14:23:15 - IP: 198.51.100.66 - User-Agent: curl/7.81.0\n")
                .get(1);
        Instant eventTime = Instant.parse("2025-10-08T14:23:15Z");

        Offense offense = factory.create("fail", line, IpAddress.parse("198.51.100.66"), eventTime);

        assertThat(offense.getOffenseId())
                .isEqualTo(OffenseId.of("web-1", "fail", line.source().identity(), 7));
        assertThat(offense.getJail()).isEqualTo("fail");
        assertThat(offense.getIp()).isEqualTo("198.51.100.66");
        assertThat(offense.getHostId()).isEqualTo("web-1");
        assertThat(offense.getEventTime()).isEqualTo(eventTime);
        assertThat(offense.getIngestTime()).isEqualTo(NOW);
        assertThat(offense.getSource()).isEqualTo(dir.resolve("fail.log").toString());
        assertThat(offense.getLine()).isEqualTo(line.text());
    }

    @Test
    void ipIsTheCanonicalText() throws IOException {
        LogLine line = read("x\n").get(0);

        assertThat(factory.create("fail", line, IpAddress.parse("2001:DB8:0:0::1"), NOW)
                        .getIp())
                .isEqualTo("2001:db8::1");
    }

    @Test
    void longLinesAreCutTo1024Characters() throws IOException {
        LogLine line = read("a".repeat(5000) + "\n").get(0);

        assertThat(factory.create("fail", line, IpAddress.parse("198.51.100.66"), NOW)
                        .getLine())
                .hasSize(OffenseFactory.MAX_LINE_CHARS);
    }
}
