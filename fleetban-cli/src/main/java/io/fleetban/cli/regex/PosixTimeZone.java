package io.fleetban.cli.regex;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneOffsetTransitionRule.TimeDefinition;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --timezone} value of {@code fleetban regex}: an IANA id ({@code Europe/Paris}) or a POSIX TZ string with
 * rules ({@code CET-01CEST-02,M3.5.0,M10.5.0}, what fail2ban's test harness puts in {@code TZ}). fail2ban takes the
 * zone from the process {@code TZ}; fleetban never does, so the zone is always explicit.
 *
 * <p>A POSIX string with DST rules becomes a {@link ZoneId} whose rules apply to every year (POSIX semantics, unlike an
 * IANA zone's history). {@code java.time} only resolves zone ids through a {@link ZoneRulesProvider}, so one provider
 * per distinct string is registered with the JVM-wide registry (which is global by design and forbids registering an
 * id twice, hence {@link #REGISTERED}).
 */
public final class PosixTimeZone {

    private static final String NAME = "(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)";
    private static final String OFFSET = "[+-]?\\d{1,2}(?::\\d{2}(?::\\d{2})?)?";
    private static final String DATE = "(?:M\\d{1,2}\\.\\d\\.\\d|J\\d{1,3}|\\d{1,3})(?:/" + OFFSET + ")?";
    private static final Pattern POSIX = Pattern.compile(
            "(" + NAME + ")(" + OFFSET + ")(?:(" + NAME + ")(" + OFFSET + ")?(?:,(" + DATE + "),(" + DATE + "))?)?");
    private static final Pattern MONTH_WEEK_DAY = Pattern.compile("M(\\d{1,2})\\.(\\d)\\.(\\d)");
    /** Transitions are materialised for this year; the rules apply to every later year. */
    private static final int FIRST_RULE_YEAR = 1900;

    private static final Map<String, String> REGISTERED = new ConcurrentHashMap<>();

    private PosixTimeZone() {}

    /**
     * Parses an IANA zone id or a POSIX TZ string.
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static ZoneId parse(String value) {
        final String tz = value.strip();
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException notAnId) {
            final Matcher m = POSIX.matcher(tz);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "--timezone '" + value + "' is neither an IANA zone id (Europe/Paris)"
                                + " nor a POSIX TZ string (CET-01CEST-02,M3.5.0,M10.5.0)");
            }
            return fromPosix(tz, m);
        }
    }

    private static ZoneId fromPosix(String tz, Matcher m) {
        final ZoneOffset standard = posixOffset(m.group(2));
        if (m.group(3) == null) {
            return standard;
        }
        final ZoneOffset daylight = m.group(4) == null
                ? ZoneOffset.ofTotalSeconds(standard.getTotalSeconds() + 3600)
                : posixOffset(m.group(4));
        if (m.group(5) == null) {
            // POSIX leaves the default rule to the implementation; glibc uses the US rules.
            return register(tz, standard, daylight, "M3.2.0", "M11.1.0");
        }
        return register(tz, standard, daylight, m.group(5), m.group(6));
    }

    /** POSIX offsets count west of Greenwich: {@code CET-01} is UTC+01:00. */
    private static ZoneOffset posixOffset(String text) {
        final boolean west = !text.startsWith("-");
        final String digits = text.replaceFirst("^[+-]", "");
        final int seconds = secondsOf(digits);
        if (seconds > 24 * 3600) {
            throw new IllegalArgumentException("POSIX TZ offset out of range: " + text);
        }
        return ZoneOffset.ofTotalSeconds(west ? -seconds : seconds);
    }

    private static int secondsOf(String hhmmss) {
        final String[] parts = hhmmss.split(":");
        int seconds = 0;
        for (int i = 0; i < 3; i++) {
            seconds = seconds * 60 + (i < parts.length ? Integer.parseInt(parts[i]) : 0);
        }
        return seconds;
    }

    private static ZoneId register(String tz, ZoneOffset standard, ZoneOffset daylight, String start, String end) {
        final ZoneOffsetTransitionRule toDaylight = rule(start, standard, standard, daylight);
        final ZoneOffsetTransitionRule toStandard = rule(end, standard, daylight, standard);
        final List<ZoneOffsetTransition> first = new ArrayList<>(
                List.of(toDaylight.createTransition(FIRST_RULE_YEAR), toStandard.createTransition(FIRST_RULE_YEAR)));
        first.sort(Comparator.comparing(ZoneOffsetTransition::getInstant));
        // ZoneRules expects the yearly rules in calendar order: DST ends first in the southern hemisphere.
        final List<ZoneOffsetTransitionRule> rules =
                first.get(0).isGap() ? List.of(toDaylight, toStandard) : List.of(toStandard, toDaylight);
        final ZoneRules zoneRules = ZoneRules.of(standard, first.get(0).getOffsetBefore(), List.of(), first, rules);
        final String id = "POSIX/"
                + tz.replace(',', '~').replace(':', '.').replace('<', '_').replace('>', '_');
        final String previous = REGISTERED.putIfAbsent(id, tz);
        if (previous == null) {
            ZoneRulesProvider.registerProvider(new SingleZoneProvider(id, zoneRules));
        } else if (!previous.equals(tz)) {
            throw new IllegalArgumentException("--timezone '" + tz + "' clashes with '" + previous + "' in this JVM");
        }
        return ZoneId.of(id);
    }

    /** {@code Mm.w.d[/time]} (week 5 = last) or {@code Jn[/time]} (day 1..365, February 29 never counted). */
    private static ZoneOffsetTransitionRule rule(
            String date, ZoneOffset standard, ZoneOffset before, ZoneOffset after) {
        final String[] dateAndTime = date.split("/", 2);
        final int timeSeconds = dateAndTime.length > 1 ? signedSeconds(dateAndTime[1]) : 2 * 3600;
        if (timeSeconds < 0 || timeSeconds > 24 * 3600) {
            throw new IllegalArgumentException("POSIX TZ transition time outside 0..24h is not supported: " + date);
        }
        final boolean endOfDay = timeSeconds == 24 * 3600;
        final LocalTime time = endOfDay ? LocalTime.MIDNIGHT : LocalTime.ofSecondOfDay(timeSeconds);
        final Matcher mwd = MONTH_WEEK_DAY.matcher(dateAndTime[0]);
        if (mwd.matches()) {
            final Month month = Month.of(Integer.parseInt(mwd.group(1)));
            final int week = Integer.parseInt(mwd.group(2));
            final DayOfWeek day =
                    DayOfWeek.of(Integer.parseInt(mwd.group(3)) == 0 ? 7 : Integer.parseInt(mwd.group(3)));
            final int dayOfMonthIndicator = week == 5 ? -1 : 1 + 7 * (week - 1);
            return ZoneOffsetTransitionRule.of(
                    month, dayOfMonthIndicator, day, time, endOfDay, TimeDefinition.WALL, standard, before, after);
        }
        if (dateAndTime[0].startsWith("J")) {
            final java.time.LocalDate day =
                    java.time.LocalDate.ofYearDay(2001, Integer.parseInt(dateAndTime[0].substring(1)));
            return ZoneOffsetTransitionRule.of(
                    day.getMonth(),
                    day.getDayOfMonth(),
                    null,
                    time,
                    endOfDay,
                    TimeDefinition.WALL,
                    standard,
                    before,
                    after);
        }
        throw new IllegalArgumentException(
                "POSIX TZ zero-based day-of-year rules (" + date + ") are not supported;" + " use Mm.w.d or Jn");
    }

    private static int signedSeconds(String text) {
        return text.startsWith("-") ? -secondsOf(text.substring(1)) : secondsOf(text.replaceFirst("^\\+", ""));
    }

    /** Serves one parsed POSIX zone to {@code java.time}. */
    private static final class SingleZoneProvider extends ZoneRulesProvider {
        private final String id;
        private final ZoneRules rules;

        SingleZoneProvider(String id, ZoneRules rules) {
            this.id = id;
            this.rules = rules;
        }

        @Override
        protected Set<String> provideZoneIds() {
            return Set.of(id);
        }

        @Override
        protected ZoneRules provideRules(String zoneId, boolean forCaching) {
            return rules;
        }

        @Override
        protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
            return new TreeMap<>(Map.of("posix", rules));
        }
    }
}
