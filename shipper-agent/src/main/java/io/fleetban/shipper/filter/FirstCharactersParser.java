package io.fleetban.shipper.filter;

import java.util.BitSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Python regex syntax (tags expanded) by recursive descent and computes, for {@link FirstCharacters}, the
 * characters a match can begin with and whether it can match empty. Conservative: whatever it does not model makes
 * it give no answer.
 */
final class FirstCharactersParser {

    private static final int ASCII = FirstCharacters.ASCII;
    private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,(\\d*))?\\}");

    /** Thrown inside the parser for any construct it does not model: no pre-check then. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** First characters of a piece of regex and whether the piece can match without consuming any. */
    static final class FirstSet {
        final BitSet ascii = new BitSet(ASCII);
        boolean nonAscii;
        boolean nullable;

        static FirstSet empty(boolean nullable) {
            FirstSet s = new FirstSet();
            s.nullable = nullable;
            return s;
        }

        static FirstSet all() {
            FirstSet s = new FirstSet();
            s.ascii.set(0, ASCII);
            s.nonAscii = true;
            return s;
        }

        static FirstSet of(char c) {
            FirstSet s = new FirstSet();
            s.add(c);
            return s;
        }

        void add(char c) {
            if (c < ASCII) {
                ascii.set(c);
            } else {
                nonAscii = true;
            }
        }

        void addAll(FirstSet other) {
            ascii.or(other.ascii);
            nonAscii |= other.nonAscii;
        }

        boolean any() {
            return nonAscii && ascii.cardinality() == ASCII;
        }
    }

    private final String src;
    private int pos;
    /** How many branches the alternation that returned last had. */
    private int lastBranches;

    private FirstCharactersParser(String src) {
        this.src = src;
    }

    /** {@code a|b|...} up to a ')' or the end. */
    FirstSet alternation() {
        FirstSet result = sequence();
        int branches = 1;
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            FirstSet next = sequence();
            result.addAll(next);
            result.nullable |= next.nullable;
            branches++;
        }
        lastBranches = branches;
        return result;
    }

    /** Items up to '|', ')' or the end: first characters accumulate while every earlier item can be empty. */
    private FirstSet sequence() {
        FirstSet result = FirstSet.empty(true);
        while (pos < src.length() && src.charAt(pos) != '|' && src.charAt(pos) != ')') {
            FirstSet item = item();
            if (quantifierAllowsZero()) {
                item.nullable = true;
            }
            if (result.nullable) {
                result.addAll(item);
                result.nullable = item.nullable;
            }
        }
        return result;
    }

    private FirstSet item() {
        char c = src.charAt(pos);
        switch (c) {
            case '\\':
                return escape();
            case '[':
                return characterClass();
            case '(':
                return group();
            case '.':
                pos++;
                FirstSet dot = FirstSet.all();
                dot.ascii.clear(
                        '\n'); // PythonRegexTranslator.JAVA_FLAGS: only \n ends a line; no DOTALL (flags refused)
                return dot;
            case '^':
            case '$':
                pos++;
                return FirstSet.empty(true);
            case '*':
            case '+':
            case '?':
                throw new Unsupported(); // a quantifier with nothing before it
            default:
                pos++;
                return FirstSet.of(c); // a '{' that is no quantifier is a literal, as in Python
        }
    }

    /** Consumes a quantifier (and its lazy or possessive mark) after an item; true when it allows zero repeats. */
    private boolean quantifierAllowsZero() {
        if (pos >= src.length()) {
            return false;
        }
        char c = src.charAt(pos);
        boolean zero;
        if (c == '*' || c == '?') {
            zero = true;
            pos++;
        } else if (c == '+') {
            zero = false;
            pos++;
        } else if (c == '{') {
            Matcher q = QUANTIFIER.matcher(src).region(pos, src.length());
            if (!q.lookingAt() || q.group(1).isEmpty() && q.group(2) == null) {
                return false; // a literal brace: the next item
            }
            zero = q.group(1).isEmpty() || Integer.parseInt(q.group(1)) == 0;
            pos = q.end();
        } else {
            return false;
        }
        if (pos < src.length() && (src.charAt(pos) == '?' || src.charAt(pos) == '+')) {
            pos++;
        }
        return zero;
    }

    private FirstSet escape() {
        if (pos + 1 >= src.length()) {
            throw new Unsupported();
        }
        char e = src.charAt(pos + 1);
        pos += 2;
        FirstSet s = new FirstSet();
        if (Character.isDigit(e)) {
            throw new Unsupported(); // a back reference (or octal escape): anything, possibly empty
        }
        if (addEscapeClass(s, e)) {
            return s;
        }
        return switch (e) {
            case 'b', 'B', 'A', 'Z' -> FirstSet.empty(true);
            default -> FirstSet.of(escapedLiteral(e));
        };
    }

    /**
     * Adds \d \D \w \W \s \S exactly as the translated Java pattern reads them (ASCII classes: exact, since a
     * negated class complements them); false for other escapes. Non-ASCII is always let through.
     */
    private static boolean addEscapeClass(FirstSet s, char e) {
        BitSet members = switch (e) {
            case 'd', 'D' -> range('0', '9');
            case 'w', 'W' -> word();
            case 's', 'S' -> javaSpace();
            default -> null;
        };
        if (members == null) {
            return false;
        }
        if (Character.isUpperCase(e)) {
            members.flip(0, ASCII);
        }
        s.ascii.or(members);
        s.nonAscii = true;
        return true;
    }

    private static char escapedLiteral(char e) {
        return switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'f' -> '\f';
            case 'v' -> '\u000B';
            case 'a' -> '\u0007';
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw new Unsupported(); // hex, Unicode and named escapes: not modelled
                }
                yield e;
            }
        };
    }

    private FirstSet characterClass() {
        pos++;
        boolean negated = pos < src.length() && src.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        FirstSet s = new FirstSet();
        boolean first = true;
        while (true) {
            if (pos >= src.length()) {
                throw new Unsupported();
            }
            char c = src.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            char low;
            if (c == '\\') {
                char e = src.charAt(pos + 1);
                pos += 2;
                if (addEscapeClass(s, e)) {
                    continue;
                }
                low = e == 'b' ? '\b' : escapedLiteral(e);
            } else {
                low = c;
                pos++;
            }
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                char high = src.charAt(pos + 1);
                if (high == '\\' || high == '[') {
                    throw new Unsupported();
                }
                pos += 2;
                addRange(s, low, high);
            } else {
                s.add(low);
            }
        }
        if (negated) {
            s.ascii.flip(0, ASCII);
            s.nonAscii = true;
        }
        return s;
    }

    private static void addRange(FirstSet s, char low, char high) {
        if (high < low) {
            throw new Unsupported();
        }
        for (char c = low; c <= high && c < ASCII; c++) {
            s.ascii.set(c);
        }
        if (high >= ASCII) {
            s.nonAscii = true;
        }
    }

    private FirstSet group() {
        FirstSet result;
        if (src.startsWith("(?=", pos)
                || src.startsWith("(?!", pos)
                || src.startsWith("(?<=", pos)
                || src.startsWith("(?<!", pos)) {
            pos += src.charAt(pos + 2) == '<' ? 4 : 3;
            alternation(); // a lookaround consumes nothing; ignoring its condition only widens the set
            result = FirstSet.empty(true);
        } else if (src.startsWith("(?P<", pos) || src.startsWith("(?<", pos)) {
            pos = src.indexOf('>', pos) + 1;
            if (pos == 0) {
                throw new Unsupported();
            }
            result = alternation();
        } else if (src.startsWith("(?:", pos) || src.startsWith("(?>", pos)) {
            pos += 3;
            result = alternation();
        } else if (src.startsWith("(?(", pos)) {
            pos = src.indexOf(')', pos + 3) + 1; // (?(ref)yes|no): either branch may run
            if (pos == 0) {
                throw new Unsupported();
            }
            result = alternation();
            result.nullable |= lastBranches == 1; // (?(ref)yes) has an empty "no" branch
        } else if (src.startsWith("(?", pos)) {
            throw new Unsupported(); // inline flags, (?P=name), (?#...): not modelled
        } else {
            pos++;
            result = alternation();
        }
        if (pos >= src.length() || src.charAt(pos) != ')') {
            throw new Unsupported();
        }
        pos++;
        return result;
    }

    private static BitSet range(char low, char high) {
        BitSet b = new BitSet(ASCII);
        b.set(low, high + 1);
        return b;
    }

    private static BitSet word() {
        BitSet b = range('a', 'z');
        b.or(range('A', 'Z'));
        b.or(range('0', '9'));
        b.set('_');
        return b;
    }

    /** java.util.regex's {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static BitSet javaSpace() {
        BitSet b = new BitSet(ASCII);
        for (char c : new char[] {' ', '\t', '\n', '\u000B', '\f', '\r'}) {
            b.set(c);
        }
        return b;
    }

    /** The first characters of a whole regex; empty when it can match empty, allows anything or is not modelled. */
    static Optional<FirstSet> firstOf(String pythonRegex) {
        try {
            FirstCharactersParser parser = new FirstCharactersParser(pythonRegex);
            FirstSet first = parser.alternation();
            if (parser.pos != pythonRegex.length() || first.nullable || first.any()) {
                return Optional.empty();
            }
            return Optional.of(first);
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }
}
