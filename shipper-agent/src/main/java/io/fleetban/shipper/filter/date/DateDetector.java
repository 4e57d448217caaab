package io.fleetban.shipper.filter.date;

import io.fleetban.shipper.filter.date.StrptimeFields.DateContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Finds the date of a log line the way fail2ban's {@code DateDetector} does: either fail2ban's default templates or
 * the filter's {@code datepattern} ({@code strptime} forms, {@code {^LN-BEG}}, {@code {DATE}}, {@code {NONE}},
 * {@code EPOCH}, {@code LEPOCH}, {@code TAI64N}).
 *
 * <p>Template choice: the template that matched the previous line is tried first (fail2ban's "last template");
 * otherwise templates are tried in order, a line-anchored match or one no further into the line than the previous
 * date wins at once, else the match nearest to the line start. This keeps fail2ban's result without its hit-count
 * reordering. Not thread-safe: one detector per log source (it keeps matchers and the last template).
 */
public final class DateDetector {

    private final List<DateTemplate> templates;
    /** Each template's matcher, made when the template is first tried (most never are: see {@link DateTemplate}). */
    private final Matcher[] matchers;

    private final Clock clock;
    private final DateContext context;
    /** fail2ban: a date-less line may reuse the last date while it is younger than this. */
    private static final java.time.Duration LAST_DATE_REUSE = java.time.Duration.ofSeconds(60);

    private Instant lastDate;
    /** Busy logs repeat the same date text on many lines: the last text and its instant are reused. */
    private String lastDateText = "";

    private int lastDateTemplate = -1;
    private int lastTemplate = -1;
    private int lastDistance = 1;
    /**
     * A prefix of the last line that alone decided its date: the chosen template's regex, run on just this prefix,
     * found the same date without reaching the prefix's end ({@link Matcher#hitEnd()} false, so more text could not
     * have changed its result). A line starting with it takes the same template and date without running any regex.
     */
    private String decidingPrefix;

    private Optional<DateMatch> decidedDate = Optional.empty();

    private DateDetector(List<DateTemplate> templates, Clock clock, DateContext context) {
        this.templates = List.copyOf(templates);
        this.matchers = new Matcher[templates.size()];
        this.clock = clock;
        this.context = context;
    }

    /**
     * A detector for a filter.
     *
     * @param datePattern the filter's {@code datepattern}, empty for fail2ban's defaults
     * @param clock       "now" for year-less dates and {@code {NONE}}
     * @param zone        zone of dates without offset
     * @param logTimeZone the jail's {@code logtimezone} ({@code UTC+0200}, {@code CEST}, or an IANA id), if any
     * @throws IllegalArgumentException for an invalid pattern or zone
     */
    public static DateDetector create(
            Optional<String> datePattern, Clock clock, ZoneId zone, Optional<String> logTimeZone) {
        int nowYear = LocalDateTime.ofInstant(clock.instant(), zone).getYear();
        Optional<Integer> offset = Optional.empty();
        ZoneId localZone = zone;
        if (logTimeZone.isPresent() && !logTimeZone.get().isBlank()) {
            String tz = logTimeZone.get().strip();
            offset = TimeZoneAbbreviations.offsetMinutes(tz);
            if (offset.isEmpty()) {
                try {
                    localZone = ZoneId.of(tz); // fleetban extension: a named zone with DST rules
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("unknown logtimezone '" + tz + "'", e);
                }
            }
        }
        return new DateDetector(templatesFor(datePattern, nowYear), clock, new DateContext(localZone, clock, offset));
    }

    /**
     * A new detector with this one's templates, as {@link #create} with the same arguments would make it: its own
     * matchers and state, the compiled templates (immutable) shared. For another thread reading the same log.
     */
    public DateDetector copy() {
        return new DateDetector(templates, clock, context);
    }

    private static List<DateTemplate> templatesFor(Optional<String> datePattern, int nowYear) {
        if (datePattern.isEmpty() || datePattern.get().isBlank()) {
            return DefaultDateTemplates.all(nowYear);
        }
        List<DateTemplate> out = new ArrayList<>();
        for (String line : datePattern.get().split("\n")) {
            String p = line.strip();
            if (!p.isEmpty()) {
                out.addAll(templatesForOne(p, nowYear));
            }
        }
        return out;
    }

    private static List<DateTemplate> templatesForOne(String pattern, int nowYear) {
        String key = pattern.contains("%") ? pattern : pattern.toUpperCase(java.util.Locale.ROOT);
        if (key.equals("{^LN-BEG}")) {
            return DefaultDateTemplates.all(nowYear).stream()
                    .filter(DateTemplate::lineAnchored)
                    .toList();
        }
        if (key.equals("{DEFAULT}")) {
            return DefaultDateTemplates.all(nowYear);
        }
        if (key.contains("{DATE}")) {
            List<DateTemplate> out = new ArrayList<>();
            for (String p : DefaultDateTemplates.PATTERNS) {
                if (p.contains("%")) { // epoch/TAI64N have no strptime form to wrap
                    String unbound = p.replaceFirst("^\\{\\^LN-BEG\\}", "");
                    out.add(DateTemplate.of(
                                    pattern.replaceAll(
                                            "(?i)(?<!\\\\)\\{DATE\\}",
                                            java.util.regex.Matcher.quoteReplacement(unbound)),
                                    nowYear)
                            .compile());
                }
            }
            return out;
        }
        if (key.equals("{NONE}")) {
            return List.of(DateTemplate.of("{UNB}^", nowYear));
        }
        return List.of(DateTemplate.of(pattern, nowYear).compile());
    }

    /** Template {@code i}'s matcher. */
    private Matcher matcher(int i) {
        if (matchers[i] == null) {
            matchers[i] = templates.get(i).pattern().matcher("");
        }
        return matchers[i];
    }

    /**
     * What a detector carries from one line to the next that can change a later line's result: the last template and
     * how far into its line the date was (they pick among templates), and the last date (a date-less line may reuse
     * it). Two detectors in equal states give equal results on equal lines; the rest of the detector only saves work.
     */
    public record State(int lastTemplate, int lastDistance, Instant lastDate) {}

    /** This detector's {@link State}. */
    public State state() {
        return new State(lastTemplate, lastDistance, lastDate);
    }

    /** Continues from {@code state}, as if the lines that led to it had just been read (the work-saving caches start over). */
    public void restore(State state) {
        lastTemplate = state.lastTemplate();
        lastDistance = state.lastDistance();
        lastDate = state.lastDate();
        lastDateText = "";
        lastDateTemplate = -1;
        decidingPrefix = null;
        decidedDate = Optional.empty();
    }

    /** The date of {@code line}, or empty when no template finds a valid date. */
    public Optional<DateMatch> find(String line) {
        if (decidingPrefix != null) {
            if (line.startsWith(decidingPrefix)) {
                return decidedDate; // what the steps below would find: the same template, match and date text
            }
            int length = decidingPrefix.length();
            decidingPrefix = null;
            if (length < line.length() && lastTemplateDecides(line, length)) {
                return chosen(lastTemplate, line, length); // the next date of the same shape, found with one regex run
            }
        }
        int chosen = -1;
        if (lastTemplate >= 0) {
            Matcher m = matcher(lastTemplate);
            if (search(lastTemplate, line)
                    && (templates.get(lastTemplate).lineAnchored() || m.start() == lastDistance)) {
                chosen = lastTemplate;
            }
        }
        if (chosen < 0) {
            chosen = searchAll(line);
        }
        if (chosen < 0) {
            return Optional.empty();
        }
        return chosen(chosen, line, 0);
    }

    /**
     * Whether the last template, run on the first {@code length} characters only, is chosen without reading their
     * end: then it is chosen for the whole line too, with the same match ({@link Matcher#hitEnd()}: more text could
     * not have changed the result).
     */
    private boolean lastTemplateDecides(String line, int length) {
        Matcher m = matcher(lastTemplate).reset(line).region(0, length); // opaque, anchoring bounds: a shorter text
        boolean found = templates.get(lastTemplate).startAnchored() ? m.lookingAt() : m.find();
        return found && !m.hitEnd() && (templates.get(lastTemplate).lineAnchored() || m.start() == lastDistance);
    }

    /**
     * The date template {@code chosen}'s matcher holds for {@code line}; remembers the deciding prefix: the first
     * {@code provenPrefix} characters when they are already known to decide it, else one found by
     * {@link #rememberDecidingPrefix}.
     */
    private Optional<DateMatch> chosen(int chosen, String line, int provenPrefix) {
        Matcher m = matcher(chosen);
        lastTemplate = chosen;
        lastDistance = m.start();
        Optional<DateMatch> date = toDateMatch(templates.get(chosen), m, line);
        if (date.isEmpty() || date.get().start() == date.get().end()) {
            return date; // no date, or an empty one whose instant comes from the clock: nothing to reuse
        }
        if (provenPrefix > 0) {
            decidingPrefix = line.substring(0, provenPrefix);
            decidedDate = date;
        } else {
            rememberDecidingPrefix(chosen, line, date.get());
        }
        return date;
    }

    /**
     * Prefix lengths tried past the date's end: templates read a few characters after a date (optional fractions,
     * years or zones, the word-boundary look-ahead); a longer prefix is as exact but shared by fewer lines.
     */
    private static final int[] PREFIX_SLACKS = {3, 8};

    /**
     * Finds a prefix (a few characters past the date) on which template {@code chosen} finds the same date without
     * touching the prefix's end, and remembers it with {@code date}; none when the prefix would be the whole line.
     */
    private void rememberDecidingPrefix(int chosen, String line, DateMatch date) {
        Matcher m = matcher(chosen);
        for (int slack : PREFIX_SLACKS) {
            int length = date.end() + slack;
            if (length >= line.length()) {
                return;
            }
            m.region(0, length); // opaque, anchoring bounds: the region's end is the end of the text
            boolean found = templates.get(chosen).startAnchored() ? m.lookingAt() : m.find();
            if (!m.hitEnd()) {
                if (found && m.start(1) == date.start() && m.end(1) == date.end()) {
                    decidingPrefix = line.substring(0, length);
                    decidedDate = Optional.of(date);
                }
                return;
            }
        }
    }

    private int searchAll(String line) {
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < matchers.length; i++) {
            if (!search(i, line)) {
                continue;
            }
            int distance = matcher(i).start();
            if (templates.get(i).lineAnchored() || distance <= lastDistance) {
                return i;
            }
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        if (best >= 0) {
            search(best, line);
        }
        return best;
    }

    /** Runs template {@code i} on {@code line}; its matcher holds the match. */
    private boolean search(int i, String line) {
        Matcher m = matcher(i).reset(line);
        return templates.get(i).startAnchored() ? m.lookingAt() : m.find();
    }

    private Optional<DateMatch> toDateMatch(DateTemplate template, Matcher m, String line) {
        int start = m.start(1);
        int end = m.end(1);
        if (start == end) { // fail2ban: an empty date ({NONE}, "^I\\(()**") means the last recent date, else now
            return Optional.of(new DateMatch(start, end, recentLastDate().orElseGet(clock::instant), template.name()));
        }
        if (lastTemplate == lastDateTemplate
                && lastDate != null
                && end - start == lastDateText.length()
                && line.regionMatches(start, lastDateText, 0, end - start)) {
            return Optional.of(new DateMatch(start, end, lastDate, template.name()));
        }
        Optional<Instant> time = template.timeOf(m, line, context);
        if (time.isPresent()) {
            lastDate = time.get();
            lastDateText = line.substring(start, end);
            lastDateTemplate = lastTemplate;
        }
        return time.map(t -> new DateMatch(start, end, t, template.name()));
    }

    /** The last date found, if it is less than a minute before now (fail2ban's rule for lines without a date). */
    public Optional<Instant> recentLastDate() {
        if (lastDate != null && lastDate.isAfter(clock.instant().minus(LAST_DATE_REUSE))) {
            return Optional.of(lastDate);
        }
        return Optional.empty();
    }
}
