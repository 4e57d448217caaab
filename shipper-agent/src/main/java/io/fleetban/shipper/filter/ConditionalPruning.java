package io.fleetban.shipper.filter;

import io.fleetban.shipper.filter.PythonRegexTranslator.TopLevelConditional;
import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An equivalent, faster search for regexes with a top-level conditional whose yes-branch needs a literal, like
 * sshd.conf's {@code ^Failed ... (?P<cond_user>\S+)|... from <HOST>...(?(cond_user): |...)$}. When the text lacks
 * that literal ({@code ": "}), every way of matching in which the conditional's group participates fails at the
 * conditional, but only after the engine has tried all of them: every length of the user, every way {@code <HOST>}
 * can end, every port option. The variant regex makes the group fail as it opens ({@code (?!)} first in it), so those
 * ways fail where they begin, and so does each try of the group's own content (every way through the group ends at its
 * marker, {@code (?<cN>)}, see {@link PythonRegexTranslator}, which a participating group must reach). The ways that
 * remain, and their order, are the full regex's ways without the group: the same first match, with the same groups.
 *
 * <p>Requirements (checked by the translator and {@link #of}): the conditional is at the top level and not quantified
 * (every match passes through it once, after its group), its group is in no lookaround or atomic group and the regex
 * has no possessive quantifier (a committed first choice could not be replaced by another), and no inline flag changes
 * how the literal matches.
 */
final class ConditionalPruning {

    /** A possessive quantifier, or a literal character followed by {@code +} (a false alarm only costs the pruning). */
    private static final Pattern POSSESSIVE = Pattern.compile("[*+?}]\\+");

    private final String literal;
    private final Matcher pruned;

    private ConditionalPruning(String literal, Pattern pruned) {
        this.literal = literal;
        this.pruned = pruned.matcher("");
    }

    /** The same pruning with a matcher of its own (the pattern is shared: it is immutable). */
    ConditionalPruning copy() {
        return new ConditionalPruning(literal, pruned.pattern());
    }

    /**
     * The pruning variant of a translated regex, for its first top-level conditional whose yes-branch needs a literal.
     *
     * @param pythonRegex the fail2ban regex with tags expanded
     * @param translated  its translation
     * @param flags       the Java flags the full regex is compiled with
     */
    static Optional<ConditionalPruning> of(String pythonRegex, TranslatedRegex translated, int flags) {
        String javaRegex = translated.javaRegex();
        if (RequiredLiteral.hasCaseOrVerboseFlag(pythonRegex)
                || POSSESSIVE.matcher(javaRegex).find()) {
            return Optional.empty();
        }
        for (TopLevelConditional conditional : translated.topLevelConditionals()) {
            String literal = RequiredLiteral.longest(conditional.yesBranch());
            String group = "(?<" + conditional.group() + ">";
            int at = javaRegex.indexOf(group);
            if (!literal.isEmpty() && at >= 0 && at == javaRegex.lastIndexOf(group)) {
                int content = at + group.length();
                return Optional.of(new ConditionalPruning(
                        literal,
                        Pattern.compile(
                                javaRegex.substring(0, content) + "(?!)" + javaRegex.substring(content), flags)));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code text} lacks the yes-branch's literal, so {@link #matcher()} may search it instead. */
    boolean appliesTo(String text) {
        return !text.contains(literal);
    }

    /** The variant's matcher (group numbers are the full regex's). */
    Matcher matcher() {
        return pruned;
    }
}
