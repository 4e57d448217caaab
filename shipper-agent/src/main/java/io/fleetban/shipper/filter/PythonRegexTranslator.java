package io.fleetban.shipper.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates Python {@code re} syntax (as written in fail2ban filters and date patterns) into
 * {@code java.util.regex} syntax. This is the only place that knows the differences between the two engines.
 *
 * <ul>
 *   <li>{@code (?P<name>..)} becomes {@code (?<javaName>..)}: Java group names are letters and digits only, so names
 *       are sanitised ({@code alt_user_1 -> altuser1}) and the mapping is returned in {@link TranslatedRegex}.</li>
 *   <li>{@code (?P=name)} and numeric back references become {@code \k<javaName>}.</li>
 *   <li>Conditionals {@code (?(ref)yes|no)} (sshd.conf, lighttpd-auth.conf, the epoch date template) have no Java
 *       equivalent. The referenced group gets an empty marker group {@code (?<cN>)} just before its closing parenthesis;
 *       a back reference to a group that did not participate fails in Java, so the conditional becomes
 *       {@code (?:\k<cN>yes|(?!\k<cN>)no)}: the same language, no expansion blow-up.</li>
 *   <li>Python-only escapes: {@code \Z -> \z}, {@code \v -> \x0B}; literal {@code [} and {@code &&} inside classes and
 *       {@code {} that is not a quantifier are escaped; {@code {,m} -> {0,m}}; {@code (?#..)} comments are dropped;
 *       inline flags {@code a}, {@code u}, {@code L} (Python matching modes) are dropped.</li>
 * </ul>
 * Patterns must be compiled with {@link #JAVA_FLAGS} so that {@code .}, {@code ^} and {@code $} treat only
 * {@code \n} as a line terminator, as Python does.
 */
public final class PythonRegexTranslator {

    /** Flags that make Java line semantics equal to Python's. */
    public static final int JAVA_FLAGS = Pattern.UNIX_LINES;

    private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,(\\d*))?\\}");
    private static final Pattern CONDITIONAL_REF = Pattern.compile("\\(\\?\\((\\w+)\\)");
    private static final Pattern NUMERIC_BACKREF = Pattern.compile("\\\\([1-9]\\d?)");
    /** {@code ^}, optionally after global inline flags that leave {@code ^} meaning "start of text". */
    private static final Pattern START_ANCHOR = Pattern.compile("^(?:\\(\\?[aiLsux]+\\))?\\^");

    /**
     * A translated pattern.
     *
     * @param javaRegex         the Java regex text
     * @param javaToPythonNames Java group name to the Python (fail2ban) name
     * @param groupNumbers      Python group name to its Java group number (markers shift numbers, names do not)
     * @param startAnchored     the regex starts with {@code ^} (after global flags other than {@code m}, such as the
     *                          {@code (?i)} of the month-name date templates) and has no top-level alternative, so (without
     *                          MULTILINE) a search can only match at the start and {@code lookingAt} is equivalent
     * @param topLevelConditionals the conditionals every match passes through (see {@link TopLevelConditional}); none
     *                          when the regex has a top-level alternative
     */
    public record TranslatedRegex(
            String javaRegex,
            Map<String, String> javaToPythonNames,
            Map<String, Integer> groupNumbers,
            boolean startAnchored,
            List<TopLevelConditional> topLevelConditionals) {
        public Pattern compile(int extraFlags) {
            return Pattern.compile(javaRegex, JAVA_FLAGS | extraFlags);
        }
    }

    /**
     * A conditional outside every group and not quantified, in a regex without top-level alternative, whose group is in
     * no lookaround or atomic group: every match runs through it exactly once, after its group.
     *
     * @param group     the Java name of the referenced group ({@code (?<group>...)} in the Java regex)
     * @param yesBranch the Python text of the branch taken when the group participated
     */
    public record TopLevelConditional(String group, String yesBranch) {}

    /** A group being translated; for a conditional, where its yes-branch starts and ends in the source. */
    private static final class OpenGroup {
        final String marker;
        final boolean conditional;
        /** A lookaround or atomic group: the engine keeps the first way its content matches and never retries it. */
        final boolean committing;

        final int yesStart;
        int yesEnd = -1;
        /** Where the group's content starts in the Java regex, and whether it has an alternative of its own. */
        int contentStart = -1;

        boolean alternated;

        OpenGroup(String marker, boolean conditional, boolean committing, int yesStart) {
            this.marker = marker;
            this.conditional = conditional;
            this.committing = committing;
            this.yesStart = yesStart;
        }

        OpenGroup(String marker, boolean committing) {
            this(marker, false, committing, -1);
        }

        boolean sawAlternative() {
            return yesEnd >= 0;
        }
    }

    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final GroupNames names = new GroupNames();
    private final Set<String> conditionRefs = new HashSet<>();
    private final Set<String> numericRefs = new HashSet<>();
    private final Map<String, String> markers = new LinkedHashMap<>();
    /** Each marker's group (its Java name). */
    private final Map<String, String> markedGroups = new HashMap<>();

    private final Deque<OpenGroup> open = new ArrayDeque<>();
    private final List<TopLevelConditional> topLevelConditionals = new ArrayList<>();
    /** Markers inside a lookaround or atomic group, whose conditionals are not reported as top-level. */
    private final Set<String> committedMarkers = new HashSet<>();

    private int groupCount;
    private boolean topLevelAlternative;
    private int pos;

    private PythonRegexTranslator(String src) {
        this.src = src;
    }

    /** Translates one Python regex; throws {@link IllegalArgumentException} naming the construct it cannot map. */
    public static TranslatedRegex translate(String pythonRegex) {
        PythonRegexTranslator t = new PythonRegexTranslator(pythonRegex);
        t.scanReferences();
        t.run();
        return new TranslatedRegex(
                t.out.toString(),
                t.names.javaToPython(),
                t.names.numbers(),
                START_ANCHOR.matcher(pythonRegex).lookingAt() && !t.topLevelAlternative,
                t.topLevelAlternative ? List.of() : List.copyOf(t.topLevelConditionals));
    }

    /** Which groups are targets of conditionals or numeric back references (they need names/markers). */
    private void scanReferences() {
        Matcher c = CONDITIONAL_REF.matcher(src);
        while (c.find()) {
            conditionRefs.add(c.group(1));
        }
        Matcher n = NUMERIC_BACKREF.matcher(src);
        while (n.find()) {
            if (n.start() == 0 || src.charAt(n.start() - 1) != '\\') {
                numericRefs.add(n.group(1));
            }
        }
    }

    private void run() {
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            switch (ch) {
                case '\\' -> escape();
                case '[' -> characterClass();
                case '(' -> openGroup();
                case ')' -> closeGroup();
                case '|' -> alternative();
                case '{' -> brace();
                default -> {
                    out.append(ch);
                    pos++;
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("missing ) in regex: " + src);
        }
    }

    private void escape() {
        if (pos + 1 >= src.length()) {
            throw new IllegalArgumentException("trailing backslash in regex: " + src);
        }
        char next = src.charAt(pos + 1);
        if (next >= '1' && next <= '9') {
            int end = pos + 2;
            if (end < src.length() && Character.isDigit(src.charAt(end))) {
                end++;
            }
            String number = src.substring(pos + 1, end);
            out.append("\\k<").append(javaNameForNumber(number)).append('>');
            pos = end;
            return;
        }
        out.append(
                switch (next) {
                    case 'Z' -> "\\z";
                    case 'v' -> "\\x0B";
                    default -> "\\" + next;
                });
        pos += 2;
    }

    private void characterClass() {
        out.append('[');
        pos++;
        if (pos < src.length() && src.charAt(pos) == '^') {
            out.append('^');
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == ']') {
            out.append("\\]"); // Python: a ']' first in a class is a literal
            pos++;
        }
        while (pos < src.length()) {
            char ch = src.charAt(pos);
            if (ch == ']') {
                out.append(']');
                pos++;
                return;
            }
            if (ch == '\\' && pos + 1 < src.length()) {
                char next = src.charAt(pos + 1);
                out.append(next == 'v' ? "\\x0B" : "\\" + next);
                pos += 2;
                continue;
            }
            // Java reads '[' as a nested class and '&&' as intersection; Python reads both literally.
            out.append(ch == '[' || ch == '&' ? "\\" + ch : String.valueOf(ch));
            pos++;
        }
        throw new IllegalArgumentException("unterminated character class in regex: " + src);
    }

    private void openGroup() {
        if (!src.startsWith("(?", pos)) {
            capturingGroup(null, 1);
            return;
        }
        if (src.startsWith("(?P<", pos) || isPlainNamedGroup()) {
            int nameStart = pos + (src.charAt(pos + 2) == 'P' ? 4 : 3);
            int nameEnd = src.indexOf('>', nameStart);
            capturingGroup(src.substring(nameStart, nameEnd), nameEnd + 1 - pos);
        } else if (src.startsWith("(?P=", pos)) {
            int end = src.indexOf(')', pos);
            out.append("(?:\\k<")
                    .append(javaNameForName(src.substring(pos + 4, end)))
                    .append(">)");
            pos = end + 1;
        } else if (src.startsWith("(?#", pos)) {
            pos = src.indexOf(')', pos) + 1;
        } else if (src.startsWith("(?(", pos)) {
            conditional();
        } else if (src.startsWith("(?:", pos)
                || src.startsWith("(?=", pos)
                || src.startsWith("(?!", pos)
                || src.startsWith("(?<=", pos)
                || src.startsWith("(?<!", pos)
                || src.startsWith("(?>", pos)) {
            int len = src.charAt(pos + 2) == '<' ? 4 : 3;
            out.append(src, pos, pos + len);
            open.push(new OpenGroup(null, !src.startsWith("(?:", pos)));
            pos += len;
        } else {
            inlineFlags();
        }
    }

    private boolean isPlainNamedGroup() {
        return src.startsWith("(?<", pos)
                && pos + 3 < src.length()
                && src.charAt(pos + 3) != '='
                && src.charAt(pos + 3) != '!';
    }

    private void capturingGroup(String pythonName, int syntaxLength) {
        groupCount++;
        String number = Integer.toString(groupCount);
        String javaName = null;
        if (pythonName != null) {
            javaName = names.register(pythonName);
        } else if (numericRefs.contains(number) || conditionRefs.contains(number)) {
            javaName = names.register("_" + number);
        }
        if (javaName != null) {
            names.aliasNumber(groupCount, javaName);
        }
        String marker = null;
        if ((pythonName != null && conditionRefs.contains(pythonName)) || conditionRefs.contains(number)) {
            marker = names.unique("cond" + (javaName == null ? number : javaName));
            markers.put(number, marker);
            markedGroups.put(marker, javaName);
            if (pythonName != null) {
                markers.put(pythonName, marker);
            }
        }
        out.append(javaName == null ? "(" : "(?<" + javaName + ">");
        names.countGroup(javaName);
        if (marker != null && open.stream().anyMatch(g -> g.committing)) {
            committedMarkers.add(marker);
        }
        OpenGroup group = new OpenGroup(marker, false);
        group.contentStart = out.length();
        open.push(group);
        pos += syntaxLength;
    }

    /** Python {@code (?(ref)yes|no)}: see the class comment for the marker-group equivalent. */
    private void conditional() {
        int end = src.indexOf(')', pos + 3);
        String ref = src.substring(pos + 3, end);
        String marker = markers.get(ref);
        if (marker == null) {
            throw new IllegalArgumentException(
                    "conditional refers to group '" + ref + "' not defined before it: " + src);
        }
        out.append("(?:\\k<").append(marker).append('>');
        open.push(new OpenGroup(marker, true, false, end + 1));
        pos = end + 1;
    }

    private void inlineFlags() {
        int i = pos + 2;
        StringBuilder flags = new StringBuilder();
        while (i < src.length() && (Character.isLetter(src.charAt(i)) || src.charAt(i) == '-')) {
            char f = src.charAt(i);
            if ("imsx-".indexOf(f) >= 0) {
                flags.append(f);
            } else if ("auL".indexOf(f) < 0) {
                throw new IllegalArgumentException("unsupported inline flag '" + f + "' in regex: " + src);
            }
            i++;
        }
        if (i >= src.length()) {
            throw new IllegalArgumentException("unterminated group in regex: " + src);
        }
        boolean scoped = src.charAt(i) == ':';
        String cleaned = flags.toString().replaceAll("-$", "");
        if (scoped) {
            out.append("(?").append(cleaned).append(':');
            open.push(new OpenGroup(null, false));
        } else if (!cleaned.isEmpty()) {
            out.append("(?").append(cleaned).append(')');
        }
        pos = i + 1;
    }

    private void closeGroup() {
        if (open.isEmpty()) {
            throw new IllegalArgumentException("unbalanced ) in regex: " + src);
        }
        OpenGroup g = open.pop();
        if (g.conditional) {
            if (!g.sawAlternative()) {
                g.yesEnd = pos;
                out.append("|(?!\\k<").append(g.marker).append(">)");
            }
        } else if (g.marker != null) {
            if (g.alternated) { // the marker must end every alternative, not only the last: (?<x>(?:a|b)(?<cx>))
                out.insert(g.contentStart, "(?:").append(')');
            }
            out.append("(?<").append(g.marker).append(">)");
            names.countGroup(null);
        }
        out.append(')');
        pos++;
        if (g.conditional && open.isEmpty() && !isQuantified() && !committedMarkers.contains(g.marker)) {
            topLevelConditionals.add(
                    new TopLevelConditional(markedGroups.get(g.marker), src.substring(g.yesStart, g.yesEnd)));
        }
    }

    /** Whether a quantifier follows (a literal brace counts too: it only makes the answer more cautious). */
    private boolean isQuantified() {
        return pos < src.length() && "*+?{".indexOf(src.charAt(pos)) >= 0;
    }

    private void alternative() {
        OpenGroup g = open.peek();
        topLevelAlternative |= g == null;
        if (g != null && g.conditional && !g.sawAlternative()) {
            g.yesEnd = pos;
            out.append("|(?!\\k<").append(g.marker).append(">)");
        } else {
            if (g != null) {
                g.alternated = true;
            }
            out.append('|');
        }
        pos++;
    }

    private void brace() {
        Matcher q = QUANTIFIER.matcher(src).region(pos, src.length());
        boolean quantifier = q.lookingAt()
                && !(q.group(1).isEmpty() && q.group(2) == null)
                && pos > 0
                && !isAfterOpenOrAlternative();
        if (!quantifier) {
            out.append("\\{"); // Python reads a brace that is no quantifier literally ({DATE}, "x{")
            pos++;
            return;
        }
        String min = q.group(1).isEmpty() ? "0" : q.group(1);
        out.append('{').append(min);
        if (q.group(2) != null) {
            out.append(',').append(q.group(3));
        }
        out.append('}');
        pos = q.end();
    }

    private boolean isAfterOpenOrAlternative() {
        char prev = src.charAt(pos - 1);
        return (prev == '(' || prev == '|') && (pos < 2 || src.charAt(pos - 2) != '\\');
    }

    private String javaNameForName(String pythonName) {
        String javaName = names.javaName(pythonName);
        if (javaName == null) {
            throw new IllegalArgumentException("reference to unknown group '" + pythonName + "' in regex: " + src);
        }
        return javaName;
    }

    private String javaNameForNumber(String number) {
        String javaName = names.javaName(number);
        if (javaName == null) {
            throw new IllegalArgumentException("back reference \\" + number + " before its group in regex: " + src);
        }
        return javaName;
    }
}
