package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionalPruningTest {

    /** sshd.conf's "Failed" failregex (publickey = nofail) and smaller conditionals. */
    private static final List<String> REGEXES = List.of(
            "^Failed (?:<F-NOFAIL>publickey</F-NOFAIL>|\\S+) for (?P<cond_inv>invalid user )?"
                    + "<F-USER>(?P<cond_user>\\S+)|(?(cond_inv)(?:(?! from ).)*?|[^:]+)</F-USER> from <HOST>"
                    + "(?: (?:port \\d+|on \\S+)){0,2}(?: ssh\\d*)?(?(cond_user): |(?:(?:(?! from ).)*)$)",
            "^(?P<a>x+)?y(?(a)z: |w)",
            "(?P<a>\\d+)?-(?(a)end$)",
            "^(?P<a>x+|q)?y(?(a)z: |w)");

    private static final List<String> TEXTS = List.of(
            "Failed password for invalid user git from 203.0.113.60 port 48884 ssh2",
            "Failed password for ubuntu from 198.51.100.74 port 52390 ssh2",
            "Failed publickey for root from 192.0.2.1 port 22 ssh2: RSA SHA256:abc",
            "Failed password for invalid user a from b from 192.0.2.7",
            "Failed none for x from 192.0.2.8 port 1 ssh2: ",
            "Failed password for user name with spaces from 192.0.2.9 port 2",
            "xxyz: ",
            "xyw",
            "yw",
            "yz: ",
            "xxyw",
            "qyw",
            "qyz: ",
            "12-end",
            "12-",
            "-end",
            "a-b",
            "");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void findsWhatTheFullRegexFindsOnTextsWithoutTheLiteral(int regexIndex) {
        String expanded = FailRegexTags.expand(REGEXES.get(regexIndex));
        TranslatedRegex translated = PythonRegexTranslator.translate(expanded);
        Pattern full = translated.compile(0);
        ConditionalPruning pruning =
                ConditionalPruning.of(expanded, translated, full.flags()).orElseThrow();

        for (String text : TEXTS) {
            if (!pruning.appliesTo(text)) {
                continue; // the caller runs the full regex
            }
            Matcher expected = full.matcher(text);
            Matcher actual = pruning.matcher().reset(text);
            boolean found = expected.find();
            assertThat(actual.find()).as("%s on '%s'", expanded, text).isEqualTo(found);
            if (found) {
                assertThat(actual.start()).isEqualTo(expected.start());
                assertThat(actual.end()).isEqualTo(expected.end());
                for (int g = 1; g <= expected.groupCount(); g++) {
                    assertThat(actual.group(g))
                            .as("group %d of %s on '%s'", g, expanded, text)
                            .isEqualTo(expected.group(g));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"^(?P<a>x)?y(?(a)z: |w)", "^(?P<a>x)?y(?(a)z|w)"})
    void appliesOnlyToTextsWithoutTheYesBranchLiteral(String regex) {
        TranslatedRegex translated = PythonRegexTranslator.translate(regex);
        String literal = translated.topLevelConditionals().get(0).yesBranch();
        ConditionalPruning pruning = ConditionalPruning.of(regex, translated, PythonRegexTranslator.JAVA_FLAGS)
                .orElseThrow();

        assertThat(pruning.appliesTo("xy" + literal)).isFalse();
        assertThat(pruning.appliesTo("xyw")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^(?P<a>x)?y(?(a).*|w)", // no literal in the yes-branch
                "^(?P<a>x)?y(?:(?(a)z|w))", // inside a group
                "^(?P<a>x)?y(?(a)z|w)?", // quantified
                "^(?P<a>x)?y(?(a)z|w)|q", // a top-level alternative can skip it
                "^(?=(?P<a>x)?)xy(?(a)z|w)", // its group in a lookaround
                "^(?>(?P<a>x)?)y(?(a)z|w)", // its group in an atomic group
                "^(?P<a>x)?+y(?(a)z|w)", // a possessive quantifier
                "(?i)^(?P<a>x)?y(?(a)z|w)"
            }) // the literal may match other text
    void appliesOnlyWhereEquivalenceIsObvious(String regex) {
        TranslatedRegex translated = PythonRegexTranslator.translate(regex);

        assertThat(ConditionalPruning.of(regex, translated, PythonRegexTranslator.JAVA_FLAGS))
                .isEmpty();
    }
}
