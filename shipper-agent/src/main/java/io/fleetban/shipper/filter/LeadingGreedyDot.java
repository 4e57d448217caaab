package io.fleetban.shipper.filter;

import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faster, equivalent search for single-line regexes of the form {@code ^.*LITERAL rest} (the tutorial's
 * {@code ^.* - IP: <HOST> - User-Agent:.*$}). The regex engine runs the greedy {@code .*} to the end of the line and
 * then gives back one character at a time, trying {@code LITERAL rest} at every position. Only positions where
 * {@code LITERAL} starts can succeed, and the engine tries them from the last to the first: this class visits exactly
 * those positions in that order with {@link String#lastIndexOf(String, int)} and runs {@code LITERAL rest} there, so
 * the first success, its groups and therefore the captured host are the ones the full regex would report (the
 * injection that {@link GreedyHostLint} warns about is reproduced faithfully, not fixed).
 *
 * <p>Requirements checked by {@link #of}: no top-level alternative, no MULTILINE (a {@code \n} in the text bounds the {@code .*}: with
 * {@link PythonRegexTranslator#JAVA_FLAGS} only {@code \n} stops {@code .}), no inline flags (DOTALL or
 * case-insensitivity would change what {@code .} and the literal match), and {@code .*} neither lazy nor possessive.
 */
final class LeadingGreedyDot {

    private static final String PREFIX = "^.*";
    /** A trailing greedy {@code .*$} (the seed's {@code User-Agent:.*$}); a lazy or possessive form ends otherwise. */
    private static final String REST_OF_LINE = ".*$";

    private static final Pattern INLINE_FLAGS = Pattern.compile("\\(\\?[aiLmsux-]+[:)]");

    private final String literal;
    private final Matcher rest;
    /** The rest without its trailing {@code .*$}, or null: used on text without {@code \n}, where that always matches. */
    private final Matcher restBeforeLineEnd;

    private Matcher last;
    private int textLength;

    private LeadingGreedyDot(String literal, Pattern rest, Pattern restBeforeLineEnd) {
        this.literal = literal;
        this.rest = withBounds(rest.matcher(""));
        this.restBeforeLineEnd = restBeforeLineEnd == null ? null : withBounds(restBeforeLineEnd.matcher(""));
        this.last = this.rest;
    }

    /** The same search with matchers of its own (the patterns are shared: they are immutable). */
    LeadingGreedyDot copy() {
        return new LeadingGreedyDot(
                literal, rest.pattern(), restBeforeLineEnd == null ? null : restBeforeLineEnd.pattern());
    }

    /**
     * The rest is matched inside a region: lookbehinds must still see the text before it, and a ^ in the rest must
     * not match at the region start (it could not match there in the full regex either).
     */
    private static Matcher withBounds(Matcher m) {
        return m.useTransparentBounds(true).useAnchoringBounds(false);
    }

    /**
     * The faster form of a translated regex, when it applies.
     *
     * @param pythonRegex the fail2ban regex with tags expanded (where the literal is read)
     * @param translated  its translation (whose tail after {@code ^.*} is compiled)
     * @param flags       the Java flags the full regex is compiled with
     */
    static Optional<LeadingGreedyDot> of(String pythonRegex, TranslatedRegex translated, int flags) {
        String javaRegex = translated.javaRegex();
        if ((flags & Pattern.MULTILINE) != 0
                || !translated.startAnchored()
                || !pythonRegex.startsWith(PREFIX)
                || !javaRegex.startsWith(PREFIX)
                || INLINE_FLAGS.matcher(pythonRegex).find()) {
            return Optional.empty();
        }
        String literal = RequiredLiteral.leading(pythonRegex.substring(PREFIX.length()));
        if (literal.isEmpty()) {
            return Optional.empty(); // ".*?", ".*+", ".*(" ... : no literal to look for
        }
        String rest = javaRegex.substring(PREFIX.length());
        return Optional.of(new LeadingGreedyDot(
                literal,
                Pattern.compile(rest, flags),
                endsWithRestOfLine(rest)
                        ? Pattern.compile(rest.substring(0, rest.length() - REST_OF_LINE.length()), flags)
                        : null));
    }

    /**
     * Whether the regex ends with a top-level greedy {@code .*$}: the dot unescaped (an even run of backslashes before
     * it) and not closing a group or class, in a regex without top-level alternative (checked by {@link #of}).
     */
    static boolean endsWithRestOfLine(String javaRegex) {
        if (!javaRegex.endsWith(REST_OF_LINE)) {
            return false;
        }
        int dot = javaRegex.length() - REST_OF_LINE.length();
        int backslashes = 0;
        for (int i = dot - 1; i >= 0 && javaRegex.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0 && !insideClass(javaRegex, dot);
    }

    /** Whether position {@code at} lies inside a character class ({@code [...]}) of a Java regex. */
    private static boolean insideClass(String javaRegex, int at) {
        boolean inClass = false;
        for (int i = 0; i < at; i++) {
            char c = javaRegex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']' && inClass) {
                inClass = false;
            }
        }
        return inClass;
    }

    /** Python {@code re.search} of the full regex in {@code text}; groups are read from {@link #matcher()}. */
    boolean search(String text) {
        int newline = text.indexOf('\n');
        int limit = newline < 0 ? text.length() : newline;
        // Without a \n, a trailing .*$ matches whatever the rest before it leaves (and captures nothing): skip its
        // scan.
        last = newline < 0 && restBeforeLineEnd != null ? restBeforeLineEnd : rest;
        last.reset(text);
        textLength = text.length();
        for (int at = text.lastIndexOf(literal, limit); at >= 0; at = text.lastIndexOf(literal, at - 1)) {
            last.region(at, text.length());
            if (last.lookingAt()) {
                return true;
            }
        }
        return false;
    }

    /** The matcher holding the last successful match's groups (numbered as the full regex's: {@code .*} has none). */
    Matcher matcher() {
        return last;
    }

    /** The end of the last successful match: the line's end when the trailing {@code .*$} was skipped. */
    int end() {
        return last == rest ? rest.end() : textLength;
    }
}
