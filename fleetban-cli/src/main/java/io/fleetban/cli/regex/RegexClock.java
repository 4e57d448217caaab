package io.fleetban.cli.regex;

import io.fleetban.shipper.filter.FilterClock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The clock of one {@code fleetban regex} run from {@code --now} and {@code --timezone}. "Now" decides the year of
 * year-less dates; the zone places dates without an offset. Neither comes from the process ({@code TZ} is never
 * read): without {@code --timezone} the zone is UTC, without {@code --now} the clock is the system's instant.
 */
public final class RegexClock {

    private RegexClock() {}

    /**
     * Builds the filter clock.
     *
     * @param now      ISO 8601 with an offset ({@code 2005-08-14T12:00:00+02:00}, {@code ...Z}) or without one (then
     *                 read in the zone)
     * @param timezone an IANA id or a POSIX TZ string ({@link PosixTimeZone})
     * @throws IllegalArgumentException naming the option whose value is invalid
     */
    public static FilterClock of(Optional<String> now, Optional<String> timezone) {
        final ZoneId zone = timezone.map(PosixTimeZone::parse).orElse(ZoneOffset.UTC);
        if (now.isEmpty()) {
            return FilterClock.system(zone);
        }
        return FilterClock.fixed(parseNow(now.get().strip(), zone), zone);
    }

    private static Instant parseNow(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--now '" + text + "' is not ISO 8601 (e.g. 2005-08-14T12:00:00+02:00"
                                + " or 2005-08-14T12:00:00)",
                        e);
            }
        }
    }
}
