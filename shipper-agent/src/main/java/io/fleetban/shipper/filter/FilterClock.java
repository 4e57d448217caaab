package io.fleetban.shipper.filter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The time source of a filter: "now" decides the year of year-less dates (syslog {@code Mon dd HH:MM:SS}) as
 * fail2ban's {@code MyTime} does, and {@code zone} is the zone of dates without an offset (fail2ban uses the process
 * TZ; fleetban never reads the process TZ so that {@code fleetban regex --now/--timezone} and tests can fix both).
 *
 * @param clock source of the current instant
 * @param zone  zone for local dates, unless the filter sets {@code logtimezone}
 */
public record FilterClock(Clock clock, ZoneId zone) {

    public FilterClock {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
    }

    /** The system clock in the given zone (production). */
    public static FilterClock system(ZoneId zone) {
        return new FilterClock(Clock.system(zone), zone);
    }

    /** A clock frozen at {@code now} (tests, {@code fleetban regex --now}). */
    public static FilterClock fixed(Instant now, ZoneId zone) {
        return new FilterClock(Clock.fixed(now, zone), zone);
    }

    /** The current instant. */
    public Instant now() {
        return clock.instant();
    }
}
