package io.fleetban.shipper.filter;

import java.util.Optional;

/**
 * The longest piece of literal text every match of a regex must contain, used as a cheap pre-check
 * ({@code String.indexOf}) before running the regex: a stock filter has up to ~20 failregexes and most lines fail
 * most of them, so skipping the regex engine for them is where most of the time goes.
 *
 * <p>Conservative by construction: only characters at the top level of the pattern count (never inside a group or
 * class), a character followed by a quantifier is dropped, and patterns with a top-level alternative, case-insensitive
 * or verbose flags get no pre-check at all.
 */
final class RequiredLiteral {

    private RequiredLiteral() {}

    /** The required literal of a Python regex (tags already expanded), if one of at least 3 characters exists. */
    static Optional<String> of(String pythonRegex) {
        String literal = longest(pythonRegex);
        return literal.length() >= 3 ? Optional.of(literal) : Optional.empty();
    }

    /**
     * The longest literal every match of a Python regex contains, of any length; empty when there is none or flags
     * could change how it matches.
     */
    static String longest(String pythonRegex) {
        if (hasCaseOrVerboseFlag(pythonRegex)) {
            return "";
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < pythonRegex.length(); i++) {
            char c = pythonRegex.charAt(i);
            Character literal = null;
            if (c == '\\' && i + 1 < pythonRegex.length()) {
                char next = pythonRegex.charAt(++i);
                literal = Character.isLetterOrDigit(next) ? null : next;
            } else if (c == '[') {
                i = endOfClass(pythonRegex, i);
            } else if (c == '{') { // a quantifier's digits (or a literal brace: skipped, to stay on the safe side)
                int close = pythonRegex.indexOf('}', i);
                i = close < 0 ? pythonRegex.length() - 1 : close;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return "";
            } else if (".^$*+?{}|".indexOf(c) < 0) {
                literal = c;
            }
            boolean quantified = i + 1 < pythonRegex.length() && "*+?{".indexOf(pythonRegex.charAt(i + 1)) >= 0;
            if (literal != null && depth == 0 && !quantified) {
                run.append(literal.charValue());
                continue;
            }
            best = run.length() > best.length() ? run.toString() : best;
            run.setLength(0);
        }
        return run.length() > best.length() ? run.toString() : best;
    }

    /** The plain characters a regex starts with; a character followed by a quantifier is not part of it. */
    static String leading(String regex) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            int width = 1;
            if (c == '\\') {
                if (i + 1 >= regex.length() || Character.isLetterOrDigit(regex.charAt(i + 1))) {
                    break; // \d, \s, \b, \1 ... are no literal
                }
                c = regex.charAt(i + 1);
                width = 2;
            } else if ("\\[](){}.*+?^$|".indexOf(c) >= 0) {
                break;
            }
            int next = i + width;
            if (next < regex.length() && "*+?{".indexOf(regex.charAt(next)) >= 0) {
                break;
            }
            literal.append(c);
            i = next;
        }
        return literal.toString();
    }

    /**
     * The literal a {@code ^}-anchored regex starts with ({@code ^Failed } gives {@code "Failed "}): a line that does
     * not start with it cannot match, which {@link String#startsWith} tells at once, without scanning the line.
     * Empty when there is none or when flags could change how the literal matches.
     */
    static String anchoredPrefix(String pythonRegex) {
        if (!pythonRegex.startsWith("^") || hasCaseOrVerboseFlag(pythonRegex)) {
            return "";
        }
        return leading(pythonRegex.substring(1));
    }

    /** Whether inline flags could make a literal match other text (case-insensitive) or drop its spaces (verbose). */
    static boolean hasCaseOrVerboseFlag(String pythonRegex) {
        return pythonRegex.matches("(?s).*\\(\\?[a-zA-Z]*[ix].*"); // (?i), (?x), (?ai:...) ...
    }

    /** Index of the ']' closing the class opened at {@code start} (Python: a leading ']' or '^]' is literal). */
    private static int endOfClass(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return regex.length() - 1;
    }
}
