package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.value.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A ceiling on automatic bans: at most {@code maxBans} within {@code period} ({@code fleet.maxbans.rate = 100/1m}).
 *
 * @param maxBans automatic bans allowed per period (at least 1)
 * @param period  the period, a fail2ban time ({@code 60}, {@code 1m}, {@code 1h}); positive
 */
public record BanRate(int maxBans, Duration period) {

    /** Validates the record. */
    public BanRate {
        Objects.requireNonNull(period, "period");
        if (maxBans < 1) {
            throw new IllegalArgumentException("the ban count must be at least 1, was " + maxBans);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period must be positive, was " + period);
        }
    }

    /**
     * Parses {@code N/period}, e.g. {@code 100/1m}.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static BanRate parse(String text) {
        final String t = text.strip();
        final int slash = t.indexOf('/');
        final String expected = "expected N/period (e.g. 100/1m), found '" + text + "'";
        if (slash <= 0 || slash == t.length() - 1) {
            throw new IllegalArgumentException(expected);
        }
        final int maxBans;
        final Duration period;
        try {
            maxBans = Integer.parseInt(t.substring(0, slash).strip());
            period = Durations.parse(t.substring(slash + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected, e);
        }
        if (maxBans < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(expected + ": both must be positive");
        }
        return new BanRate(maxBans, period);
    }
}
