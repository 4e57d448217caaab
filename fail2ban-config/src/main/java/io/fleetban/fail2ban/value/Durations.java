package io.fleetban.fail2ban.value;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fail2ban's time values ({@code bantime}, {@code findtime}, ...), as its {@code MyTime.str2seconds} reads them:
 * a sum of numbers, each optionally followed by a unit, e.g. {@code 600}, {@code 10m}, {@code 1h 30m}, {@code 1d12h},
 * {@code 1.5h}, {@code 2 weeks}, {@code -1}. Units (case-insensitive, as fail2ban): s/sec/second(s), m/mm/min/minute(s),
 * h/hh/hour(s), d/dd/da/day(s), w/ww/week(s), mo/mon/month(s) (= 1/12 of 365.25 days), y/yy/year(s) (= 365.25 days),
 * and, for fleetban's own settings, ms (milliseconds).
 * fail2ban evaluates the text as a Python expression; fleetban accepts only the sum/difference forms that
 * fail2ban's own configs use and rejects anything else instead of evaluating it.
 */
public final class Durations {
    /** One term: optional sign, a number, optional unit. Terms follow each other, separated by spaces or signs. */
    private static final Pattern TERM =
            Pattern.compile("\\s*([+-]?)\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*([a-z]*)\\s*", Pattern.CASE_INSENSITIVE);

    private static final long DAY = 24L * 60 * 60;
    private static final long YEAR = (365L * 3 + 366) * DAY / 4;
    private static final BigDecimal MILLISECOND = new BigDecimal("0.001");

    private Durations() {}

    /**
     * Parses a fail2ban time value. A negative result (fail2ban's {@code -1}) means "permanent" for bantime.
     *
     * @throws IllegalArgumentException naming the text when it is not a fail2ban time value
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty time value");
        }
        final Matcher m = TERM.matcher(text);
        BigDecimal seconds = BigDecimal.ZERO;
        int pos = 0;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos || m.end() == pos) {
                throw new IllegalArgumentException(
                        "not a fail2ban time value (e.g. 600, 10m, 1h 30m, -1): '" + text + "'");
            }
            final BigDecimal term = new BigDecimal(m.group(2)).multiply(unitSeconds(m.group(3), text));
            seconds = m.group(1).equals("-") ? seconds.subtract(term) : seconds.add(term);
            pos = m.end();
        }
        final BigDecimal nanos = seconds.multiply(BigDecimal.valueOf(1_000_000_000L));
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * The unit words fail2ban recognises ({@code MyTime.str2seconds}), mapped to seconds, plus {@code ms} for
     * fleetban's own sub-second settings (commit and poll intervals); fail2ban has no unit spelt that way.
     */
    private static BigDecimal unitSeconds(String unit, String text) {
        final String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("ms")) {
            return MILLISECOND;
        }
        return BigDecimal.valueOf(wholeUnitSeconds(u, unit, text));
    }

    private static long wholeUnitSeconds(String u, String unit, String text) {
        if (u.isEmpty() || u.matches("seconds?|sec?|ss?")) {
            return 1;
        }
        if (u.matches("minutes?|min?|mm?")) {
            return 60;
        }
        if (u.matches("hours?|hou?|hh?")) {
            return 60 * 60;
        }
        if (u.matches("days?|da|dd?")) {
            return DAY;
        }
        if (u.matches("weeks?|wee?|ww?")) {
            return 7 * DAY;
        }
        if (u.matches("months?|mon?")) {
            return YEAR / 12;
        }
        if (u.matches("years?|yea?|yy?")) {
            return YEAR;
        }
        throw new IllegalArgumentException("unknown time unit '" + unit + "' in '" + text + "'");
    }
}
