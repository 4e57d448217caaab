package io.fleetban.shipper.filter.date;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mirrors fail2ban's {@code DateTemplate.setRegex}: wraps a date regex in group 1 when it has no group, adds the word
 * boundaries {@code (?=^|\b|\W)} ... {@code (?=\b|\W|$)} (or the line-begin anchor {@code ^(?:\W{0,2})?} for
 * {@code {^LN-BEG}}), honours the {@code **} "no boundary" markers and reports line anchoring. Input and output are
 * Python regex text.
 *
 * @param regex        the final Python regex; group 1 is the date text removed from the line
 * @param lineAnchored the template only matches at line begin or end (fail2ban's LINE_BEGIN/LINE_END flags)
 */
record TemplateRegex(String regex, boolean lineAnchored) {

    /** How the start of the date must be bounded. */
    enum Begin {
        NONE,
        WORD,
        LINE
    }

    private static final Pattern GROUPED = Pattern.compile("(?<!\\(\\?)(?<!\\\\)\\((?!\\?)");
    private static final Pattern GROUP_BODY =
            Pattern.compile("^((?:\\(\\?\\w+\\))?\\^?(?:\\(\\?\\w+\\))?)(.*?)(\\$?)$", Pattern.DOTALL);
    private static final Pattern GLOBAL_FLAGS = Pattern.compile("((?:^|(?!<\\\\))\\(\\?[a-z]+\\))");
    private static final Pattern NO_WORD_BOUND_BEGIN =
            Pattern.compile("^\\(*(?:\\(\\?\\w+\\))?(?:\\^|\\(*\\*\\*|\\((?:\\?:)?\\^)");
    private static final Pattern NO_WORD_BOUND_END = Pattern.compile("(?<!\\\\)(?:\\$\\)?|\\\\b|\\\\s|\\*\\*\\)*)$");
    private static final Pattern DELETE_WORD_BOUNDS =
            Pattern.compile("^\\(*(?:\\(\\?\\w+\\))?\\(*\\*\\*|(?<!\\\\)\\*\\*\\)*$");
    private static final Pattern LINE_BOUND_BEGIN =
            Pattern.compile("^(?:\\(\\?\\w+\\))?(?:\\^|\\((?:\\?:)?\\^(?!\\|))");
    private static final Pattern LINE_BOUND_END = Pattern.compile("(?<![\\\\|])(?:\\$\\)?)$");

    static TemplateRegex of(String regex, Begin begin, boolean wordEnd) {
        String r = regex.strip();
        String flags = null;
        Matcher gf = GLOBAL_FLAGS.matcher(r);
        if (gf.find()) {
            flags = gf.group(1);
            r = r.substring(0, gf.start()) + r.substring(gf.end());
        }
        boolean boundBegin =
                begin != Begin.NONE && !NO_WORD_BOUND_BEGIN.matcher(r).find();
        boolean boundEnd = wordEnd && !NO_WORD_BOUND_END.matcher(r).find();
        if (!GROUPED.matcher(r).find()) {
            Matcher g = GROUP_BODY.matcher(r);
            if (g.matches()) {
                r = g.group(1) + "(" + g.group(2) + ")" + g.group(3);
            }
        }
        boolean lineAnchored = false;
        if (boundBegin) {
            if (begin == Begin.LINE) {
                r = "^(?:\\W{0,2})?" + r;
                lineAnchored = true;
            } else {
                r = "(?=^|\\b|\\W)" + r;
            }
        }
        if (boundEnd) {
            r = r + "(?=\\b|\\W|$)";
        }
        lineAnchored |=
                LINE_BOUND_BEGIN.matcher(r).find() || LINE_BOUND_END.matcher(r).find();
        r = DELETE_WORD_BOUNDS
                .matcher(r)
                .replaceAll(m -> Matcher.quoteReplacement(m.group().replace("**", "")));
        return new TemplateRegex(flags == null ? r : flags + r, lineAnchored);
    }
}
