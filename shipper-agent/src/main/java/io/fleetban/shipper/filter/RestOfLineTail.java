package io.fleetban.shipper.filter;

import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faster, equivalent search for single-line regexes that end with the rest of the line: {@code .*$}, {@code .+$}
 * or a named group around it, like sshd's prefregex {@code ^<F-MLFID>...</F-MLFID><F-CONTENT>.+</F-CONTENT>$}.
 * On a text without {@code \n} (with {@link PythonRegexTranslator#JAVA_FLAGS} and no inline flags, {@code .} matches
 * every other character), that tail matches exactly what the regex before it (the head) leaves, provided it may be
 * empty or something is left. So the head is matched alone and the tail's group is the rest of the text: the same
 * first match and groups, without the regex engine stepping over the rest of the line. When the head leaves nothing
 * for a {@code .+}, the full regex would backtrack into the head: the search is {@link Outcome#UNDECIDED} and the
 * caller runs the full regex.
 *
 * <p>Requirements checked by {@link #of}: no MULTILINE, no inline flags, no top-level alternative (the regex is
 * start-anchored), the tail's dot unescaped and not inside a class.
 */
final class RestOfLineTail {

    /** What a search on the head alone concluded. */
    enum Outcome {
        MATCH,
        NO_MATCH,
        UNDECIDED
    }

    /** {@code .*$}, {@code .+$}, {@code (?<name>.*)$}, {@code (?<name>.+)$} at the end of a Java regex. */
    private static final Pattern TAIL = Pattern.compile("(\\(\\?<([A-Za-z][A-Za-z0-9]*)>)?\\.([*+])(\\))?\\$\\z");

    private static final Pattern INLINE_FLAGS = Pattern.compile("\\(\\?[aiLmsux-]+[:)]");

    private final Matcher head;
    /** The tail's group number, or -1 when it captures nothing. */
    private final int tailGroup;

    private final boolean tailMayBeEmpty;
    private String text = "";

    private RestOfLineTail(Pattern head, int tailGroup, boolean tailMayBeEmpty) {
        this.head = head.matcher("");
        this.tailGroup = tailGroup;
        this.tailMayBeEmpty = tailMayBeEmpty;
    }

    /** The same search with a matcher of its own (the pattern is shared: it is immutable). */
    RestOfLineTail copy() {
        return new RestOfLineTail(head.pattern(), tailGroup, tailMayBeEmpty);
    }

    /**
     * The faster form of a translated regex, when it applies.
     *
     * @param translated the translation (its Java text and group numbers)
     * @param flags      the Java flags the full regex is compiled with
     */
    static Optional<RestOfLineTail> of(TranslatedRegex translated, int flags) {
        String javaRegex = translated.javaRegex();
        if ((flags & Pattern.MULTILINE) != 0
                || (flags & Pattern.UNIX_LINES) == 0
                || !translated.startAnchored()
                || INLINE_FLAGS.matcher(javaRegex).find()) {
            return Optional.empty();
        }
        Matcher tail = TAIL.matcher(javaRegex);
        if (!tail.find()
                || (tail.group(1) == null) != (tail.group(4) == null)
                || escapedOrInClass(javaRegex, tail.start())) {
            return Optional.empty();
        }
        int group = -1;
        if (tail.group(2) != null) {
            String pythonName = translated.javaToPythonNames().get(tail.group(2));
            Integer number =
                    pythonName == null ? null : translated.groupNumbers().get(pythonName);
            if (number == null) {
                return Optional.empty();
            }
            group = number;
        }
        Pattern head = Pattern.compile(javaRegex.substring(0, tail.start()), flags);
        return Optional.of(new RestOfLineTail(head, group, tail.group(3).equals("*")));
    }

    /** Whether the tail starting at {@code at} is escaped (an odd run of backslashes) or inside a character class. */
    private static boolean escapedOrInClass(String javaRegex, int at) {
        boolean inClass = false;
        boolean escaped = false;
        for (int i = 0; i < at; i++) {
            char c = javaRegex.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']' && inClass) {
                inClass = false;
            }
        }
        return escaped || inClass;
    }

    /**
     * Searches {@code text} as the full regex would ({@code lookingAt} for start-anchored searches, else find).
     * A {@code \n} after the head's match, or a head that leaves nothing for a {@code .+}, makes it
     * {@link Outcome#UNDECIDED}: only the tail's {@code .} and {@code $} treat a {@code \n} apart, so one inside the
     * head's match changes nothing, and the text is scanned for it only past the head.
     */
    Outcome search(String text, boolean lookingAt) {
        this.text = text;
        head.reset(text);
        if (!(lookingAt ? head.lookingAt() : head.find())) {
            return Outcome.NO_MATCH; // every match of the full regex starts with a match of its head
        }
        if (text.indexOf('\n', head.end()) >= 0) {
            return Outcome.UNDECIDED;
        }
        return tailMayBeEmpty || head.end() < text.length() ? Outcome.MATCH : Outcome.UNDECIDED;
    }

    /** Group {@code number} of the last {@link Outcome#MATCH} (numbers are the full regex's). */
    String group(int number) {
        return number == tailGroup ? text.substring(head.end()) : head.group(number);
    }

    int start() {
        return head.start();
    }

    /** The tail runs to the end of the text. */
    int end() {
        return text.length();
    }
}
