package io.fleetban.shipper.filter;

import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fail2ban regex (failregex, ignoreregex or prefregex) compiled once: tags expanded ({@link FailRegexTags}),
 * translated to Java ({@link PythonRegexTranslator}), with the group names fail2ban reports. Searching reuses one
 * {@link Matcher}, so an instance belongs to one {@link JailFilter} and is not thread-safe; {@link #copy} makes one
 * for another thread.
 */
final class FailRegex {

    /** fail2ban's COMPLNAME_CRE: {@code alt_user_1 -> user}, {@code tuple_id_2 -> id}. */
    private static final Pattern COMPLEX_NAME = Pattern.compile("^(alt_|tuple_)(.*?)(?:_\\d+)?$");

    private static final Pattern SYNTHETIC_NAME = Pattern.compile("_\\d+");

    private final String source;
    private final Pattern pattern;
    /** The equivalent faster search for {@code ^.*LITERAL...} regexes, or null. */
    private final LeadingGreedyDot greedyDot;
    /** The equivalent faster search for regexes ending with the rest of the line, or null. */
    private final RestOfLineTail restOfLine;
    /** Whether {@link #restOfLine} holds the last match (else {@link #searched} or {@link #greedyDot} does). */
    private boolean matchedByRestOfLine;
    /** The full pattern's matcher (unused when {@link #greedyDot} searches instead). */
    private final Matcher matcher;
    /** The equivalent faster search for texts a top-level conditional's yes-branch cannot match, or null. */
    private final ConditionalPruning pruning;
    /** The matcher of the last regex-engine search: {@link #matcher} or the {@link #pruning}'s. */
    private Matcher searched;
    /** A start-anchored single-line regex cannot match elsewhere: skip find()'s scan over every start position. */
    private final boolean lookingAtSuffices;
    /** Text every match contains ({@link RequiredLiteral}), or null: lines without it skip the regex engine. */
    private final String requiredLiteral;
    /** Text a start-anchored regex begins with ({@link RequiredLiteral#anchoredPrefix}), or empty. */
    private final String requiredPrefix;
    /** The characters a start-anchored regex's match can begin with ({@link FirstCharacters}), or null. */
    private final FirstCharacters firstCharacters;

    private final int[] groupNumbers;
    private final String[] pythonNames;
    private final String[] altTargets;
    /** The {@link FieldNames} index of each group, and of its {@code alt_*} target (-1 for no target). */
    private final int[] fieldIndexes;

    private final int[] altTargetIndexes;

    private FailRegex(
            String source, String expanded, TranslatedRegex translated, boolean multiLine, FieldNames fields) {
        this.source = source;
        this.pattern = translated.compile(multiLine ? Pattern.MULTILINE : 0);
        this.greedyDot =
                LeadingGreedyDot.of(expanded, translated, pattern.flags()).orElse(null);
        this.restOfLine = greedyDot != null
                ? null
                : RestOfLineTail.of(translated, pattern.flags()).orElse(null);
        this.matcher = pattern.matcher("");
        this.pruning = greedyDot != null || restOfLine != null
                ? null
                : ConditionalPruning.of(expanded, translated, pattern.flags()).orElse(null);
        this.searched = matcher;
        this.lookingAtSuffices = translated.startAnchored() && !multiLine;
        this.requiredLiteral = RequiredLiteral.of(expanded).orElse(null);
        this.requiredPrefix = lookingAtSuffices ? RequiredLiteral.anchoredPrefix(expanded) : "";
        this.firstCharacters = lookingAtSuffices ? FirstCharacters.of(expanded).orElse(null) : null;
        Map<String, Integer> names = new TreeMap<>(translated.groupNumbers());
        names.keySet().removeIf(n -> SYNTHETIC_NAME.matcher(n).matches());
        this.pythonNames = names.keySet().toArray(String[]::new);
        this.groupNumbers = names.values().stream().mapToInt(Integer::intValue).toArray();
        this.altTargets = new String[pythonNames.length];
        this.fieldIndexes = new int[pythonNames.length];
        this.altTargetIndexes = new int[pythonNames.length];
        for (int i = 0; i < pythonNames.length; i++) {
            Matcher c = COMPLEX_NAME.matcher(pythonNames[i]);
            altTargets[i] = c.matches() && c.group(1).equals("alt_") ? FailRegexTags.groupName(c.group(2)) : null;
            fieldIndexes[i] = fields.register(pythonNames[i]);
            altTargetIndexes[i] = altTargets[i] == null ? -1 : fields.register(altTargets[i]);
        }
    }

    /** A copy of {@code other} with matchers of its own; everything else is immutable and shared. */
    private FailRegex(FailRegex other) {
        this.source = other.source;
        this.pattern = other.pattern;
        this.greedyDot = other.greedyDot == null ? null : other.greedyDot.copy();
        this.restOfLine = other.restOfLine == null ? null : other.restOfLine.copy();
        this.matcher = pattern.matcher("");
        this.pruning = other.pruning == null ? null : other.pruning.copy();
        this.searched = matcher;
        this.lookingAtSuffices = other.lookingAtSuffices;
        this.requiredLiteral = other.requiredLiteral;
        this.requiredPrefix = other.requiredPrefix;
        this.firstCharacters = other.firstCharacters;
        this.groupNumbers = other.groupNumbers;
        this.pythonNames = other.pythonNames;
        this.altTargets = other.altTargets;
        this.fieldIndexes = other.fieldIndexes;
        this.altTargetIndexes = other.altTargetIndexes;
    }

    /**
     * Compiles a fail2ban regex.
     *
     * @param regex     raw fail2ban text with tags
     * @param multiLine compile with {@code ^}/{@code $} at every line (fail2ban does so when maxlines &gt; 1)
     * @param hostNames {@code <HOST>} may capture a host name (see {@link FailRegexTags})
     * @param fields    the filter's field names, where this regex's group names are registered
     * @throws IllegalArgumentException when it is empty or does not compile, naming the regex
     */
    static FailRegex compile(String regex, boolean multiLine, boolean hostNames, FieldNames fields) {
        if (regex.isBlank()) {
            throw new IllegalArgumentException("Cannot add empty regex");
        }
        String expanded = FailRegexTags.expand(regex, hostNames);
        try {
            return new FailRegex(regex, expanded, PythonRegexTranslator.translate(expanded), multiLine, fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unable to compile regular expression '" + regex + "': " + e.getMessage(), e);
        }
    }

    /**
     * This regex for another thread: the same searches with matchers of its own, without compiling anything again
     * (the patterns and the pre-checks are immutable and shared).
     */
    FailRegex copy() {
        return new FailRegex(this);
    }

    /** Searches {@code text} anywhere (Python {@code re.search}); groups stay readable until the next search. */
    boolean search(String text) {
        if (text.isEmpty() ? firstCharacters != null : !mayStartWith(text.charAt(0))) {
            return false; // the cheapest refusal: a match cannot begin with this character, or needs one
        }
        if (!text.startsWith(requiredPrefix)) {
            return false;
        }
        if (requiredLiteral != null && !text.contains(requiredLiteral)) {
            return false;
        }
        if (greedyDot != null) {
            return greedyDot.search(text);
        }
        if (restOfLine != null) {
            RestOfLineTail.Outcome outcome = restOfLine.search(text, lookingAtSuffices);
            matchedByRestOfLine = outcome == RestOfLineTail.Outcome.MATCH;
            if (outcome != RestOfLineTail.Outcome.UNDECIDED) {
                return matchedByRestOfLine;
            }
        }
        searched = pruning != null && pruning.appliesTo(text) ? pruning.matcher() : matcher;
        searched.reset(text);
        return lookingAtSuffices ? searched.lookingAt() : searched.find();
    }

    /**
     * Whether a match may begin with {@code c}: false only when {@link #search} refuses every text starting with it.
     */
    boolean mayStartWith(char c) {
        return (firstCharacters == null || firstCharacters.mayStartWith(c))
                && (requiredPrefix.isEmpty() || requiredPrefix.charAt(0) == c);
    }

    /** Group {@code number} of the last match, from whichever search found it. */
    private String groupValue(int number) {
        if (matchedByRestOfLine) {
            return restOfLine.group(number);
        }
        return (greedyDot != null ? greedyDot.matcher() : searched).group(number);
    }

    /** Whether the compiled regex has a group with this fail2ban name. */
    boolean hasGroup(String pythonName) {
        for (String n : pythonNames) {
            if (n.equals(pythonName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value {@link #collectGroups} reports under this fail2ban name for the last match ({@code alt_*} groups
     * merged the same way), without collecting every group; null when there is none.
     */
    String group(String pythonName) {
        String value = null;
        for (int i = 0; i < pythonNames.length; i++) {
            if (pythonNames[i].equals(pythonName)) {
                value = groupValue(groupNumbers[i]);
            }
        }
        if (value != null && !value.isEmpty()) {
            return value;
        }
        for (int i = 0; i < pythonNames.length; i++) {
            if (pythonName.equals(altTargets[i])) {
                String alt = groupValue(groupNumbers[i]);
                if (alt != null && !alt.isEmpty()) {
                    return alt;
                }
            }
        }
        return value;
    }

    /** Start and end of the last match. */
    int start() {
        if (matchedByRestOfLine) {
            return restOfLine.start();
        }
        return greedyDot != null ? greedyDot.matcher().start() : searched.start();
    }

    int end() {
        if (matchedByRestOfLine) {
            return restOfLine.end();
        }
        return greedyDot != null ? greedyDot.end() : searched.end();
    }

    /**
     * Sets the last match's named groups in {@code into} (indexed by the {@link FieldNames} this regex was compiled
     * with), skipping groups that did not participate, then merges {@code alt_*} groups into their target when the
     * target is empty (fail2ban's _getGroupsWithAlt).
     */
    void collectGroups(String[] into) {
        for (int i = 0; i < groupNumbers.length; i++) {
            String v = groupValue(groupNumbers[i]);
            if (v != null) {
                into[fieldIndexes[i]] = v;
            }
        }
        for (int i = 0; i < pythonNames.length; i++) {
            if (altTargetIndexes[i] < 0) {
                continue;
            }
            String v = into[fieldIndexes[i]];
            if (v != null && !v.isEmpty()) {
                String target = into[altTargetIndexes[i]];
                if (target == null || target.isEmpty()) {
                    into[altTargetIndexes[i]] = v;
                }
            }
        }
    }

    /** The raw fail2ban text this was compiled from. */
    String source() {
        return source;
    }

    /** The Java pattern (for diagnostics and {@code fleetban regex}). */
    Pattern pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return source;
    }
}
