package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestOfLineTailTest {

    /** sshd.conf's prefregex shape (common.conf's __prefix_line, trimmed) and other rest-of-line tails. */
    private static final List<String> REGEXES = List.of(
            "^<F-MLFID>\\s*(?:\\S+\\s+)?(?:sshd(?:\\[\\d+\\])?:\\s+)?</F-MLFID>(?:(?:error|fatal): )?<F-CONTENT>.+</F-CONTENT>$",
            "^(?P<a>\\w+) (?P<b>\\S*)\\s*(?P<rest>.*)$",
            "^x\\s*.+$",
            "^(?:a|ab)(?P<t>.+)$",
            "^[.]x.*$");

    private static final List<String> TEXTS = List.of(
            " web-1 sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2",
            " web-1 sshd[1]: error: maximum authentication attempts exceeded",
            " web-1 sshd[1]: ",
            " web-1 sshd[1]:",
            " web-1 ",
            " ",
            "",
            "abc def  ghi",
            "abc ",
            "abc",
            "x  ",
            "x",
            "xy",
            "ab",
            "abc",
            "a",
            ".xyz",
            ".x",
            "line one\nline two",
            " web-1 sshd[1]: a\n",
            "ab\n",
            "x \n",
            "\n web-1 sshd[1]: a newline inside the head's match",
            "line\nwith a newline");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void findsWhatTheFullRegexFinds(int regexIndex) {
        String expanded = FailRegexTags.expand(REGEXES.get(regexIndex));
        TranslatedRegex translated = PythonRegexTranslator.translate(expanded);
        Pattern full = translated.compile(0);
        RestOfLineTail fast = RestOfLineTail.of(translated, full.flags()).orElseThrow();

        for (String text : TEXTS) {
            Matcher expected = full.matcher(text);
            boolean found = expected.lookingAt();
            RestOfLineTail.Outcome outcome = fast.search(text, true);
            if (outcome == RestOfLineTail.Outcome.UNDECIDED) {
                continue; // the caller runs the full regex
            }
            assertThat(outcome == RestOfLineTail.Outcome.MATCH)
                    .as("%s on '%s'", expanded, text)
                    .isEqualTo(found);
            if (found) {
                assertThat(fast.start()).isEqualTo(expected.start());
                assertThat(fast.end()).isEqualTo(expected.end());
                for (int g = 1; g <= expected.groupCount(); g++) {
                    assertThat(fast.group(g))
                            .as("group %d of %s on '%s'", g, expanded, text)
                            .isEqualTo(expected.group(g));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"^x.*?$", "^x.*+$", "^x\\.*$", "^x[.*$]", "^x(.*)$", "^a|b.*$", "(?s)^x.*$", "^x.*", "x.*$"})
    void appliesOnlyWhereEquivalenceIsObvious(String regex) {
        TranslatedRegex translated = PythonRegexTranslator.translate(FailRegexTags.expand(regex));

        assertThat(RestOfLineTail.of(translated, PythonRegexTranslator.JAVA_FLAGS))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {" web-1 sshd[1]: ", "line with\na newline"})
    void leavesTheFullRegexToDecideWhenTheHeadLeavesNothingOrANewlineFollowsIt(String text) {
        TranslatedRegex translated = PythonRegexTranslator.translate(FailRegexTags.expand(REGEXES.get(0)));
        RestOfLineTail fast =
                RestOfLineTail.of(translated, PythonRegexTranslator.JAVA_FLAGS).orElseThrow();

        assertThat(fast.search(text, true)).isEqualTo(RestOfLineTail.Outcome.UNDECIDED);
    }
}
