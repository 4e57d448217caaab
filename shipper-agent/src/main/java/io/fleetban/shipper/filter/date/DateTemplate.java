package io.fleetban.shipper.filter.date;

import io.fleetban.shipper.filter.PythonRegexTranslator;
import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import io.fleetban.shipper.filter.date.StrptimeFields.DateContext;
import io.fleetban.shipper.filter.date.TemplateRegex.Begin;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way of finding a date in a line (fail2ban's {@code DatePatternRegex}, {@code DateEpoch}, {@code DateTai64n}).
 * Group 1 of {@link #pattern()} is the date text that is cut out of the line before failregex matching.
 */
final class DateTemplate {

    /** How the matched text becomes an instant. */
    enum Kind {
        STRPTIME,
        EPOCH,
        LONG_EPOCH,
        TAI64N
    }

    private static final String EPOCH_RE = "\\d{10,11}\\b(?:\\.\\d{3,6})?";
    private static final String LONG_EPOCH_RE = "\\d{10,11}(?:\\d{3}(?:\\.\\d{1,6}|\\d{3})?)?";
    private static final Pattern EPOCH_PLACEHOLDER =
            Pattern.compile("(?<!\\\\)\\{L?EPOCH\\}", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final String regex;
    private final boolean lineAnchored;
    private final Kind kind;
    private final int valueGroup;
    /**
     * The regex translated and compiled, on first use: a detector with fail2ban's defaults holds some 30 templates
     * but a log's lines are dated by the first one that matches, so compiling all of them up front would only delay
     * the start. Written once by whichever thread gets there first (detector copies share their templates); a
     * second thread compiling at the same time makes an equal value, and either may be kept.
     */
    private volatile Compiled compiled;

    /** What compiling the regex gives; immutable. */
    private record Compiled(Pattern pattern, boolean startAnchored, StrptimeFields fields) {}

    private DateTemplate(String name, TemplateRegex regex, Kind kind, int valueGroup) {
        this.name = name;
        this.regex = regex.regex();
        this.lineAnchored = regex.lineAnchored();
        this.kind = kind;
        this.valueGroup = valueGroup;
    }

    /**
     * Translates and compiles the regex now, if not done yet: a template from a filter's {@code datepattern} is
     * compiled as the filter is, so that a bad pattern fails at start.
     *
     * @throws IllegalArgumentException when the regex does not translate or compile
     */
    DateTemplate compile() {
        compiled();
        return this;
    }

    private Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            TranslatedRegex translated = PythonRegexTranslator.translate(regex);
            c = new Compiled(
                    translated.compile(0), translated.startAnchored(), new StrptimeFields(translated.groupNumbers()));
            compiled = c;
        }
        return c;
    }

    /** fail2ban's {@code _getPatternTemplate}: a {@code datepattern} value or a default template spelling. */
    static DateTemplate of(String datePattern, int nowYear) {
        String key = datePattern.contains("%") ? datePattern : datePattern.toUpperCase(Locale.ROOT);
        if (key.contains("EPOCH")) {
            boolean longForm = key.contains("LEPOCH");
            if (EPOCH_PLACEHOLDER.matcher(datePattern).find()) {
                return epochInPattern(datePattern, longForm);
            }
            String bare = key.replaceFirst("^(\\{\\^LN-BEG\\}|\\^)", "");
            if (bare.equals("EPOCH") || bare.equals("LEPOCH")) {
                return epoch(!bare.equals(key), longForm);
            }
        }
        if (key.equals("TAI64N") || key.equals("{^LN-BEG}TAI64N") || key.equals("^TAI64N")) {
            return tai64n(!key.equals("TAI64N"));
        }
        return strptime(datePattern, nowYear);
    }

    private static DateTemplate strptime(String datePattern, int nowYear) {
        String p = datePattern;
        Begin begin = Begin.WORD;
        boolean wordEnd = true;
        if (p.startsWith("{UNB}")) {
            p = p.substring(5);
            begin = Begin.NONE;
            wordEnd = false;
        }
        if (begin == Begin.WORD && p.startsWith("{^LN-BEG}")) {
            p = p.substring(9);
            begin = Begin.LINE;
        }
        String name = begin == Begin.LINE ? "{^LN-BEG}" + p : p;
        return new DateTemplate(
                name, TemplateRegex.of(StrptimeDirectives.toRegex(p, nowYear), begin, wordEnd), Kind.STRPTIME, 1);
    }

    private static DateTemplate epoch(boolean lineBegin, boolean longForm) {
        String re = longForm ? LONG_EPOCH_RE : EPOCH_RE;
        Kind kind = longForm ? Kind.LONG_EPOCH : Kind.EPOCH;
        if (lineBegin) {
            String regex = "((?P<square>(?<=^\\[))?" + re + ")(?(square)(?=\\]))";
            return new DateTemplate("{^LN-BEG}Epoch", TemplateRegex.of(regex, Begin.LINE, true), kind, 1);
        }
        String regex = "((?:^|(?P<square>(?<=^\\[))|(?P<selinux>(?<=\\baudit\\()))" + re
                + ")(?:(?(selinux)(?=:\\d+\\)))|(?(square)(?=\\])))";
        return new DateTemplate("Epoch", TemplateRegex.of(regex, Begin.NONE, true), kind, 1);
    }

    private static DateTemplate epochInPattern(String datePattern, boolean longForm) {
        String re = longForm ? LONG_EPOCH_RE : EPOCH_RE;
        String regex =
                "(" + EPOCH_PLACEHOLDER.matcher(datePattern).replaceAll(Matcher.quoteReplacement("(" + re + ")")) + ")";
        return new DateTemplate(
                datePattern, TemplateRegex.of(regex, Begin.WORD, true), longForm ? Kind.LONG_EPOCH : Kind.EPOCH, 2);
    }

    private static DateTemplate tai64n(boolean lineBegin) {
        return new DateTemplate(
                lineBegin ? "{^LN-BEG}TAI64N" : "TAI64N",
                TemplateRegex.of("@[0-9a-f]{24}", lineBegin ? Begin.LINE : Begin.NONE, true),
                Kind.TAI64N,
                1);
    }

    String name() {
        return name;
    }

    Pattern pattern() {
        return compiled().pattern();
    }

    boolean lineAnchored() {
        return lineAnchored;
    }

    /**
     * The regex starts with {@code ^} and has no top-level alternative: it can only match at the line start, so
     * {@link Matcher#lookingAt()} finds what {@link Matcher#find()} finds without trying every later position.
     */
    boolean startAnchored() {
        return compiled().startAnchored();
    }

    /** The instant the matched date stands for; empty if the text is no valid date (fail2ban: date not parsed). */
    Optional<Instant> timeOf(Matcher m, CharSequence line, DateContext ctx) {
        return switch (kind) {
            case STRPTIME -> compiled().fields().resolve(m, line, ctx);
            case EPOCH -> Optional.of(fromSeconds(m.group(valueGroup)));
            case LONG_EPOCH -> Optional.of(longEpoch(m.group(valueGroup)));
            case TAI64N ->
                Optional.of(
                        Instant.ofEpochSecond(Long.parseLong(m.group(valueGroup).substring(2, 17), 16)));
        };
    }

    private static Instant fromSeconds(String text) {
        int dot = text.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        return Instant.ofEpochSecond(seconds); // fail2ban compares to the second; fractions are not kept
    }

    /** fail2ban's LEPOCH: 13 digits = milliseconds, 16 digits = microseconds. */
    private static Instant longEpoch(String text) {
        if (text.length() < 13) {
            return fromSeconds(text);
        }
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        long divisor = text.length() >= 16 && dot < 0 ? 1_000_000L : 1_000L;
        return Instant.ofEpochSecond(Long.parseLong(whole) / divisor);
    }

    @Override
    public String toString() {
        return name;
    }
}
