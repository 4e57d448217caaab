package io.fleetban.shipper.filter.date;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Turns the named groups of a strptime date match into an instant, mirroring fail2ban's
 * {@code strptime.reGroupDictStrptime}: missing year = the current year, moved one year back when the date would be
 * more than a day in the future (a "Dec 31" line read on Jan 1); missing day = today, moved back a day when in the
 * future; {@code %z}/{@code %Z} or {@code logtimezone} give a fixed offset, otherwise the clock's zone applies.
 * Fractions of a second are dropped, as fail2ban does.
 */
final class StrptimeFields {

    /** The strptime group names fail2ban reads, in a fixed order; index into {@link #groupNumbers}. */
    private static final List<String> KEYS =
            List.of("Y", "y", "m", "B", "b", "d", "H", "I", "p", "M", "S", "j", "z", "Z");

    private final int[] groupNumbers;

    /** @param groupNumbers date group name to group number in the compiled date pattern */
    StrptimeFields(Map<String, Integer> groupNumbers) {
        this.groupNumbers = new int[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            this.groupNumbers[i] = groupNumbers.getOrDefault(KEYS.get(i), 0);
        }
    }

    private static final int YEAR = 0;
    private static final int YEAR2 = 1;
    private static final int MONTH = 2;
    private static final int MONTH_NAME = 3;
    private static final int MONTH_ABBR = 4;
    private static final int DAY = 5;
    private static final int HOUR = 6;
    private static final int HOUR12 = 7;
    private static final int AMPM = 8;
    private static final int MINUTE = 9;
    private static final int SECOND = 10;
    private static final int YEAR_DAY = 11;
    private static final int OFFSET = 12;
    private static final int ZONE = 13;

    private String get(Matcher m, int key) {
        int group = groupNumbers[key];
        return group == 0 ? null : m.group(group);
    }

    /** The instant of the match, or empty when the fields do not form a valid date. */
    Optional<Instant> resolve(Matcher m, CharSequence line, DateContext ctx) {
        try {
            return Optional.of(resolveOrThrow(m, line, ctx));
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            return Optional.empty(); // fail2ban: getTime() catches the ValueError and the line has no date
        }
    }

    private Instant resolveOrThrow(Matcher m, CharSequence line, DateContext ctx) {
        int year = number(m, line, YEAR);
        int year2 = number(m, line, YEAR2);
        if (year2 >= 0) {
            year = year2 + 2000; // fail2ban: a 2-digit year is always 20yy
        }
        int month = number(m, line, MONTH);
        month = month >= 0 ? month : monthOf(get(m, MONTH_NAME));
        month = month >= 0 ? month : monthOf(get(m, MONTH_ABBR));
        int day = number(m, line, DAY);
        LocalDateTime now = year < 0 || (month < 0 && day < 0) ? ctx.nowLocal() : null;
        boolean assumeYear = year < 0;
        if (assumeYear) {
            year = now.getYear();
        }
        int julian = number(m, line, YEAR_DAY);
        if ((month < 0 || day < 0) && julian >= 0) {
            LocalDate d = LocalDate.ofYearDay(year, julian);
            month = d.getMonthValue();
            day = d.getDayOfMonth();
        }
        boolean assumeToday = month < 0 && day < 0;
        if (assumeToday) {
            month = now.getMonthValue();
            day = now.getDayOfMonth();
        }
        if (month < 0 || day < 0) {
            throw new IllegalArgumentException("incomplete date");
        }
        LocalDateTime result = LocalDateTime.of(
                year,
                month,
                day,
                hourOf(m, line),
                Math.max(0, number(m, line, MINUTE)),
                Math.max(0, number(m, line, SECOND)));
        Integer offsetMinutes = zoneOffset(m, ctx);
        if (offsetMinutes != null) {
            result = result.minusMinutes(offsetMinutes);
        }
        if (assumeToday && result.isAfter(now)) {
            result = result.minusDays(1);
        }
        if (assumeYear && result.isAfter(now.plusDays(1))) {
            result = result.withYear(year - 1);
        }
        return offsetMinutes != null
                ? result.toInstant(ZoneOffset.UTC)
                : result.atZone(ctx.zone()).toInstant();
    }

    /** The decimal value of a numeric group (leading blanks of %d/%k allowed), or -1 when it did not match. */
    private int number(Matcher m, CharSequence line, int key) {
        int group = groupNumbers[key];
        if (group == 0 || m.start(group) < 0) {
            return -1;
        }
        int value = 0;
        for (int i = m.start(group); i < m.end(group); i++) {
            char c = line.charAt(i);
            if (c != ' ') {
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }

    private int hourOf(Matcher m, CharSequence line) {
        int hour = number(m, line, HOUR);
        if (hour >= 0) {
            return hour;
        }
        hour = number(m, line, HOUR12);
        if (hour < 0) {
            return 0;
        }
        String ampm = get(m, AMPM);
        boolean pm = ampm != null && ampm.equalsIgnoreCase("pm");
        if (!pm && hour == 12) {
            return 0;
        }
        return pm && hour != 12 ? hour + 12 : hour;
    }

    private Integer zoneOffset(Matcher m, DateContext ctx) {
        String z = get(m, OFFSET);
        z = z != null ? z : get(m, ZONE);
        if (z != null) {
            return TimeZoneAbbreviations.offsetMinutes(z)
                    .orElseThrow(() -> new IllegalArgumentException("unknown zone"));
        }
        return ctx.logOffsetMinutes().orElse(null);
    }

    private static int monthOf(String name) {
        if (name == null) {
            return -1;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < StrptimeDirectives.MONTHS.length; i++) {
            if (StrptimeDirectives.MONTHS[i].equals(lower)
                    || StrptimeDirectives.MONTHS[i].startsWith(lower) && lower.length() == 3) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unknown month " + name);
    }

    /**
     * What a date is resolved against.
     *
     * @param zone             zone of local dates
     * @param clock            "now" for year and day inference
     * @param logOffsetMinutes fixed {@code logtimezone} offset, when the filter sets one
     */
    record DateContext(ZoneId zone, java.time.Clock clock, Optional<Integer> logOffsetMinutes) {
        LocalDateTime nowLocal() {
            return LocalDateTime.ofInstant(clock.instant(), zone);
        }
    }
}
