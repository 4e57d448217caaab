package io.fleetban.shipper.filter;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.MatchResult.Ignored;
import io.fleetban.shipper.filter.MatchResult.Missed;
import io.fleetban.shipper.filter.date.DateDetector;
import io.fleetban.shipper.filter.date.DateMatch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A fail2ban filter compiled once for one jail and one log source: date detection, {@code prefregex},
 * {@code failregex}, {@code ignoreregex} and (with {@code maxlines > 1}) the multi-line buffer, following fail2ban's
 * {@code Filter.processLine}/{@code findFailure}.
 *
 * <p>Stateful and not thread-safe: it remembers the last date template, reuses its matchers and, for multi-line
 * filters, holds the line buffer and the {@code <F-MLFID>} cache. Create one instance per jail and log file, and
 * one {@link #copy} for each other thread that matches lines of it.
 */
public final class JailFilter {

    /** Filter option naming the jail's log time zone (fail2ban's {@code logtimezone}). */
    public static final String OPTION_LOG_TIME_ZONE = "logtimezone";
    /**
     * Filter option {@code usedns}: {@code no} makes {@code <HOST>} match addresses only (fail2ban's behaviour); any
     * other value lets it capture a host name, which is reported as {@link Missed#UNRESOLVED_HOST} and never resolved.
     */
    public static final String OPTION_USE_DNS = "usedns";
    /** Filter option {@code logtype=journal}: lines carry no date, the time is "now" (journal entries). */
    public static final String OPTION_LOG_TYPE = "logtype";

    private static final Prepared PREPARED_NO_DATE = new Prepared(Missed.of(Missed.NO_DATE));

    private final String name;
    private final Optional<DateDetector> dates;
    private final Optional<FailRegex> prefRegex;
    private final List<FailRegex> failRegexes;
    private final FailRegexDispatch dispatch;
    private final List<FailRegex> ignoreRegexes;
    /** The names of every field this filter's regexes capture: a match's fields are an array indexed by them. */
    private final FieldNames fieldNames;

    private final FilterClock clock;
    private final int maxLines;
    private final MultiLineBuffer multiLine;
    private final MlfidCache mlfids = new MlfidCache();
    private final AddressCache addresses = new AddressCache();
    private final List<String> warnings;
    private Prepared lastNotMatched = new Prepared(Missed.of(Missed.NO_MATCH));
    /** The last dated line's time: busy logs date many lines alike, which then share it (it is immutable). */
    private LineTime lastDated = new LineTime(Instant.EPOCH, Optional.empty());

    private JailFilter(
            String name,
            Optional<DateDetector> dates,
            Optional<FailRegex> prefRegex,
            List<FailRegex> failRegexes,
            List<FailRegex> ignoreRegexes,
            FieldNames fieldNames,
            FilterClock clock,
            int maxLines) {
        this.name = name;
        this.dates = dates;
        this.prefRegex = prefRegex;
        this.failRegexes = failRegexes;
        this.dispatch = new FailRegexDispatch(failRegexes);
        this.ignoreRegexes = ignoreRegexes;
        this.fieldNames = fieldNames;
        this.clock = clock;
        this.maxLines = maxLines;
        this.multiLine = maxLines > 1 ? new MultiLineBuffer(maxLines) : null;
        this.warnings = failRegexes.stream()
                .map(r -> GreedyHostLint.check(r.source()))
                .flatMap(Optional::stream)
                .toList();
    }

    /** See {@link #copy()}. */
    private JailFilter(JailFilter other) {
        this.name = other.name;
        this.dates = other.dates.map(DateDetector::copy);
        this.prefRegex = other.prefRegex.map(FailRegex::copy);
        this.failRegexes = other.failRegexes.stream().map(FailRegex::copy).toList();
        this.dispatch = other.dispatch;
        this.ignoreRegexes = other.ignoreRegexes.stream().map(FailRegex::copy).toList();
        this.fieldNames = other.fieldNames;
        this.clock = other.clock;
        this.maxLines = other.maxLines;
        this.multiLine = maxLines > 1 ? new MultiLineBuffer(maxLines) : null;
        this.warnings = other.warnings;
    }

    /**
     * Compiles every regex of {@code def} once.
     *
     * @throws IllegalArgumentException naming the filter and the regex that does not compile, or a failregex without
     *                                  a failure-id group (fail2ban's "No failure-id group")
     */
    public static JailFilter compile(FilterDefinition def, FilterClock clock) {
        boolean multi = def.maxLines() > 1;
        boolean names = !"no".equals(def.options().get(OPTION_USE_DNS));
        FieldNames fields = new FieldNames();
        try {
            Optional<FailRegex> pref =
                    def.prefRegex().filter(p -> !p.isBlank()).map(p -> FailRegex.compile(p, multi, names, fields));
            List<FailRegex> fail = def.failRegex().stream()
                    .map(r -> FailRegex.compile(r, multi, names, fields))
                    .toList();
            for (FailRegex r : fail) {
                requireFailureId(r, pref);
            }
            List<FailRegex> ignore = def.ignoreRegex().stream()
                    .map(r -> FailRegex.compile(r, multi, names, fields))
                    .toList();
            boolean journal = "journal".equals(def.options().get(OPTION_LOG_TYPE));
            Optional<DateDetector> dates = journal
                    ? Optional.empty()
                    : Optional.of(DateDetector.create(
                            def.datePattern(),
                            clock.clock(),
                            clock.zone(),
                            Optional.ofNullable(def.options().get(OPTION_LOG_TIME_ZONE))));
            return new JailFilter(def.name(), dates, pref, fail, ignore, fields, clock, def.maxLines());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filter " + def.name() + " (" + def.file() + "): " + e.getMessage(), e);
        }
    }

    /**
     * A filter for another thread, as {@link #compile} of the same definition and clock returned this one (in the
     * state of a filter that has matched nothing yet), without compiling anything again: the compiled regexes, date
     * templates and field names are immutable and shared; matchers, the date detector's state and the caches are its
     * own. Safe to call while this filter is in use on another thread.
     */
    public JailFilter copy() {
        return new JailFilter(this);
    }

    private static void requireFailureId(FailRegex r, Optional<FailRegex> pref) {
        for (String g : FailureFields.FAILURE_ID_PRESENTS) {
            if (r.hasGroup(g) || pref.map(p -> p.hasGroup(g)).orElse(false)) {
                return;
            }
        }
        throw new IllegalArgumentException("No failure-id group in '" + r.source() + "'");
    }

    /**
     * Injection warnings for this filter's failregexes ({@link GreedyHostLint}, fail2ban's RE_WRONG_GREED); the
     * shipper and {@code fleetban regex} print them at start.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The filter's name. */
    public String name() {
        return name;
    }

    /**
     * Matches one log line (without its newline; a trailing {@code \r} is stripped as fail2ban does).
     * The date text is cut out of the line first, so failregex anchors apply to the rest, as in fail2ban. A line
     * without a date takes the previous line's date when that is less than a minute old (fail2ban's continuation-line
     * rule), otherwise it is {@link Missed#NO_DATE}.
     */
    public MatchResult match(String line) {
        return complete(prepare(line));
    }

    /**
     * The part of {@link #match} that only this line and the date detector's {@link #dateState()} decide: date, then
     * prefregex, failregex and ignoreregex. {@link #complete} finishes it with what earlier matches left ({@code
     * <F-MLFID>} connections). Lines can thus be prepared by several filters (one per thread, compiled from one
     * definition) and completed by one, in order. Multi-line filters keep their buffer here: only {@link #match}.
     */
    public Prepared prepare(String line) {
        try {
            return prepareLine(line);
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repetition of a group such as assp.conf's (?:[\w\-]+\s+)*: a crafted
            // long line can exhaust the thread stack. The line is a miss; the reader thread must not die for it.
            return new Prepared(Missed.of(Missed.TOO_COMPLEX));
        }
    }

    /** The result of a line {@link #prepare}d by this filter or by another compiled from the same definition. */
    public MatchResult complete(Prepared prepared) {
        if (prepared.decided != null) {
            return prepared.decided;
        }
        return FailureFields.toResult(
                prepared.fields, fieldNames, prepared.time, prepared.regexIndex, mlfids, addresses);
    }

    /** Whether this filter matches buffers of several lines ({@code maxlines > 1}), which only {@link #match} does. */
    public boolean multiLine() {
        return multiLine != null;
    }

    /** The date detector's state after the last line (null for journal lines, which carry no date). */
    public DateDetector.State dateState() {
        return dates.map(DateDetector::state).orElse(null);
    }

    /** Continues date detection from {@code state}, a {@link #dateState()} of this filter or of one like it. */
    public void restoreDateState(DateDetector.State state) {
        dates.ifPresent(d -> d.restore(state));
    }

    private Prepared prepareLine(String line) {
        // One char compare: endsWith is a general region match, measurable at one call per line.
        String text =
                !line.isEmpty() && line.charAt(line.length() - 1) == '\r' ? line.substring(0, line.length() - 1) : line;
        LineTime time;
        String body = text;
        if (dates.isPresent()) {
            DateDetector detector = dates.get();
            Optional<DateMatch> date = detector.find(text);
            if (date.isPresent()) {
                DateMatch d = date.get();
                time = dated(d);
                if (d.start() == 0) {
                    body = text.substring(d.end()); // the common case: the date opens the line, no concatenation
                } else if (d.end() > d.start()) {
                    body = text.substring(0, d.start()) + text.substring(d.end());
                }
            } else {
                Optional<Instant> last = detector.recentLastDate();
                if (last.isEmpty()) {
                    return PREPARED_NO_DATE;
                }
                time = new LineTime(last.get(), Optional.empty());
            }
        } else {
            time = new LineTime(clock.now(), Optional.empty());
        }
        return multiLine != null ? new Prepared(multiLine.add(body, time, this)) : findFailure(body, time, null);
    }

    private LineTime dated(DateMatch d) {
        if (!d.time().equals(lastDated.time())
                || !d.templateName().equals(lastDated.dateTemplate().orElse(null))) {
            lastDated = new LineTime(d.time(), Optional.of(d.templateName()));
        }
        return lastDated;
    }

    /** fail2ban's findFailure on one buffer, completed at once (multi-line buffers are matched in order anyway). */
    MatchResult matchBuffer(String buffer, LineTime time, MultiLineBuffer.Consumer consumer) {
        return complete(findFailure(buffer, time, consumer));
    }

    /**
     * fail2ban's findFailure on one buffer: prefregex (with {@code <F-CONTENT>} replacement), then each failregex in
     * order; the first that matches decides (ignoreregex, {@code <F-NOFAIL>}, address validation).
     */
    private Prepared findFailure(String buffer, LineTime time, MultiLineBuffer.Consumer consumer) {
        String text = buffer;
        FailRegex pref = prefRegex.orElse(null);
        if (pref != null) {
            if (!pref.search(buffer)) {
                return notMatched(time);
            }
            String content = pref.group(fieldNames.name(FieldNames.CONTENT));
            if (content != null && !content.isEmpty()) {
                text = content;
            }
        }
        for (int index : dispatch.candidates(text)) {
            FailRegex fail = failRegexes.get(index);
            if (!fail.search(text)) {
                continue;
            }
            if (consumer != null) {
                consumer.matched(fail);
            }
            for (int i = 0; i < ignoreRegexes.size(); i++) {
                if (ignoreRegexes.get(i).search(text)) {
                    return new Prepared(new Ignored(i, index, time.dateTemplate()));
                }
            }
            // Groups are read only now: most lines match no failregex. The prefregex's matcher still holds its match.
            String[] fields = fieldNames.newValues();
            if (pref != null) {
                pref.collectGroups(fields);
                fields[FieldNames.CONTENT] = null;
            }
            fail.collectGroups(fields);
            return new Prepared(fields, time, index);
        }
        return notMatched(time);
    }

    /**
     * A line {@link #prepare}d: either its result, or the groups of the failregex that matched it, which
     * {@link #complete} turns into a result. Immutable once made; handed from the thread that prepared it to the one
     * that completes it.
     */
    public static final class Prepared {
        private final MatchResult decided;
        private final String[] fields;
        private final LineTime time;
        private final int regexIndex;

        private Prepared(MatchResult decided) {
            this(decided, null, null, MatchResult.NO_REGEX);
        }

        private Prepared(String[] fields, LineTime time, int regexIndex) {
            this(null, fields, time, regexIndex);
        }

        private Prepared(MatchResult decided, String[] fields, LineTime time, int regexIndex) {
            this.decided = decided;
            this.fields = fields;
            this.time = time;
            this.regexIndex = regexIndex;
        }
    }

    /** A line no failregex matched; one instance per date template, since most lines end here. */
    private Prepared notMatched(LineTime time) {
        if (!lastNotMatched.decided.dateTemplate().equals(time.dateTemplate())) {
            lastNotMatched = new Prepared(new Missed(
                    Missed.NO_MATCH, Optional.empty(), Optional.empty(), MatchResult.NO_REGEX, time.dateTemplate()));
        }
        return lastNotMatched;
    }
}
