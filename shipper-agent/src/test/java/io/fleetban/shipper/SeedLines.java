package io.fleetban.shipper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Writes lines in the seed demo app's format: {@code 2025-10-08 14:23:15 - IP: <ip> - User-Agent: <ua>}. */
final class SeedLines {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private SeedLines() {}

    /** A seed line at {@code time} (UTC, whole seconds, as the seed writes it). */
    static String line(Instant time, String ip) {
        return FORMAT.format(time) + " - IP: " + ip + " - User-Agent: curl/7.81.0";
    }

    /** Appends seed lines for {@code ips} at the current second; returns that second. */
    static Instant append(Path log, String... ips) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder text = new StringBuilder();
        for (String ip : ips) {
            text.append(line(now, ip)).append('\n');
        }
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return now;
    }
}
