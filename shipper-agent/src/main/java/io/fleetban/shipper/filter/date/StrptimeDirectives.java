package io.fleetban.shipper.filter.date;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regex each strptime directive of a fail2ban {@code datepattern} stands for: Python's {@code _strptime.TimeRE}
 * (C locale) with fail2ban's overrides from {@code strptime.py} ({@code %d}, {@code %k}, {@code %z}, the {@code %Ex*}
 * exact forms ...). The output is Python regex text, translated later in one place.
 */
final class StrptimeDirectives {

    static final String[] MONTHS = {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december"
    };
    static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("a", "(?P<a>mon|tue|wed|thu|fri|sat|sun)"),
            Map.entry("A", "(?P<A>wednesday|thursday|saturday|tuesday|monday|friday|sunday)"),
            Map.entry("b", "(?P<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"),
            Map.entry(
                    "B",
                    "(?P<B>september|february|november|december|january|october|august|march|april|june|july|may)"),
            Map.entry("d", "(?P<d>[1-2]\\d|[0 ]?[1-9]|3[0-1])"),
            Map.entry("f", "(?P<f>[0-9]{1,6})"),
            Map.entry("H", "(?P<H>[0-1]?\\d|2[0-3])"),
            Map.entry("I", "(?P<I>1[0-2]|0[1-9]|[1-9])"),
            Map.entry("j", "(?P<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])"),
            Map.entry("k", " ?(?P<H>[0-2]?\\d)"),
            Map.entry("l", " ?(?P<I>1?\\d)"),
            Map.entry("m", "(?P<m>0?[1-9]|1[0-2])"),
            Map.entry("M", "(?P<M>[0-5]?\\d)"),
            Map.entry("p", "(?P<p>am|pm)"),
            Map.entry("S", "(?P<S>[0-5]?\\d|6[0-1])"),
            Map.entry("U", "(?P<U>5[0-3]|[0-4]\\d|\\d)"),
            Map.entry("W", "(?P<W>5[0-3]|[0-4]\\d|\\d)"),
            Map.entry("w", "(?P<w>[0-6])"),
            Map.entry("y", "(?P<y>\\d\\d)"),
            Map.entry("Y", "(?P<Y>\\d\\d\\d\\d)"),
            Map.entry("z", "(?P<z>Z|UTC|GMT|[+-][01]\\d(?::?\\d{2})?)"),
            Map.entry("Z", "(?P<Z>Z|[A-Z]{3,5})"),
            Map.entry("%", "%"),
            Map.entry("ExZ", "(?P<Z>" + TimeZoneAbbreviations.ABBREVIATION_RE + ")"),
            Map.entry(
                    "Exz",
                    "(?P<z>(?:" + TimeZoneAbbreviations.ABBREVIATION_RE + ")?[+-][01]\\d(?::?\\d{2})?|"
                            + TimeZoneAbbreviations.ABBREVIATION_RE + ")"),
            Map.entry("Exd", "(?P<d>[1-2]\\d|0[1-9]|3[0-1])"),
            Map.entry("Exm", "(?P<m>0[1-9]|1[0-2])"),
            Map.entry("ExH", "(?P<H>[0-1]\\d|2[0-3])"),
            Map.entry("Exk", " ?(?P<H>[0-1]?\\d|2[0-3])"),
            Map.entry("Exl", " ?(?P<I>1[0-2]|\\d)"),
            Map.entry("ExM", "(?P<M>[0-5]\\d)"),
            Map.entry("ExS", "(?P<S>[0-5]\\d|6[0-1])"),
            Map.entry("Exy", "(?P<y>\\d{2})"));

    /** fail2ban's getTimePatternRE: multi-letter keys first, then single letters. */
    private static final Pattern DIRECTIVE =
            Pattern.compile("%(%|ExZ|Exz|Exd|Exm|ExH|Exk|Exl|ExM|ExS|ExY|Exy|[aAbBdfHIjklmMpSUWwyYzZ])");
    /** fail2ban's RE_ALPHA_PATTERN: names of days/months and AM/PM are matched case-insensitively. */
    private static final Pattern ALPHA = Pattern.compile("(?<!%)%[aAbBpc]");

    private StrptimeDirectives() {}

    /** Replaces every directive in {@code pattern}; {@code nowYear} bounds {@code %ExY} as fail2ban does. */
    static String toRegex(String pattern, int nowYear) {
        Matcher m = DIRECTIVE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String regex = key.equals("ExY") ? exactYear(nowYear) : FIXED.get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(regex));
        }
        m.appendTail(out);
        String regex = out.toString();
        return ALPHA.matcher(pattern).find() ? "(?i)" + regex : regex;
    }

    /**
     * {@code %ExY}: only plausible years, from 2000 (fail2ban's alternate test "now") to three years after the later
     * of the filter clock's year and the wall clock's year (fail2ban builds it from the real {@code datetime.now()}, not
     * its mockable clock), so a 4-digit number elsewhere in the line is not taken for a year.
     */
    static String exactYear(int nowYear) {
        int upTo =
                Math.max(nowYear, java.time.Year.now(java.time.ZoneOffset.UTC).getValue()) + 3;
        TreeSet<String> centuries = new TreeSet<>();
        for (int y = Math.min(2000, nowYear - 1); y <= upTo; y++) {
            centuries.add(Integer.toString(y).substring(0, 3));
        }
        return "(?P<Y>(?:" + String.join("|", centuries) + ")\\d)";
    }
}
