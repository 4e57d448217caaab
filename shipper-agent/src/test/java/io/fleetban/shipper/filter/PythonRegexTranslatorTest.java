package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.shipper.filter.PythonRegexTranslator.TopLevelConditional;
import io.fleetban.shipper.filter.PythonRegexTranslator.TranslatedRegex;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonRegexTranslatorTest {

    private static Matcher find(String python, String input) {
        Matcher m = PythonRegexTranslator.translate(python).compile(0).matcher(input);
        assertThat(m.find()).as("%s should match %s", python, input).isTrue();
        return m;
    }

    private static boolean matches(String python, String input) {
        return PythonRegexTranslator.translate(python).compile(0).matcher(input).find();
    }

    @Test
    void namedGroupsAreSanitisedAndMapped() {
        TranslatedRegex t = PythonRegexTranslator.translate("(?P<alt_user_1>\\w+) (?P<_sep>-)");

        assertThat(t.javaRegex()).isEqualTo("(?<altuser1>\\w+) (?<sep>-)");
        assertThat(t.javaToPythonNames())
                .containsEntry("altuser1", "alt_user_1")
                .containsEntry("sep", "_sep");
    }

    @Test
    void namedBackReference() {
        assertThat(find("(?P<_sep>[-/])x(?P=_sep)y", "a/x/y").group()).isEqualTo("/x/y");
        assertThat(matches("^(?P<_sep>[-/])x(?P=_sep)$", "/x-")).isFalse();
    }

    @Test
    void numericBackReferenceFollowsItsGroup() {
        assertThat(matches("^(a|b)(c)\\2\\1$", "acca")).isTrue();
        assertThat(matches("^(a|b)(c)\\2\\1$", "accb")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"'<x>', true", "'x', true", "'<x', false", "'x>', false"})
    void conditionalOnNamedGroup(String input, boolean expected) {
        assertThat(matches("^(?P<lt><)?x(?(lt)>|)$", input)).isEqualTo(expected);
    }

    @Test
    void conditionalOnAGroupWithAlternativesSeesEachOfThemParticipate() {
        assertThat(matches("^(?P<x>a|b)?c(?(x)d|e)$", "acd")).isTrue();
        assertThat(matches("^(?P<x>a|b)?c(?(x)d|e)$", "bcd")).isTrue();
        assertThat(matches("^(?P<x>a|b)?c(?(x)d|e)$", "ce")).isTrue();
        assertThat(matches("^(?P<x>a|b)?c(?(x)d|e)$", "ace")).isFalse();
    }

    @Test
    void conditionalWithoutNoBranchAndNumericReference() {
        assertThat(matches("^(\\[)?id(?(1)\\])$", "[id]")).isTrue();
        assertThat(matches("^(\\[)?id(?(1)\\])$", "id")).isTrue();
        assertThat(matches("^(\\[)?id(?(1)\\])$", "[id")).isFalse();
    }

    @Test
    void reportsTheConditionalsEveryMatchPassesThrough() {
        TranslatedRegex t = PythonRegexTranslator.translate("^(?P<a>x)?(?P<b>y)?(?:(?(a)1|2))(?(b): |3)$");

        assertThat(t.topLevelConditionals()).containsExactly(new TopLevelConditional("b", ": "));
        assertThat(PythonRegexTranslator.translate("^(?P<a>x)?(?(a): )|z").topLevelConditionals())
                .isEmpty();
    }

    @Test
    void pythonOnlyEscapesAndLiterals() {
        assertThat(matches("abc\\Z", "abc\n")).isFalse(); // Python \Z is the very end (Java \z)
        assertThat(matches("abc$", "abc\n")).isTrue();
        assertThat(find("[[]x[]]", "a[x]").group()).isEqualTo("[x]");
        assertThat(find("a&&b[&&]", "a&&b&").group()).isEqualTo("a&&b&");
        assertThat(find("{DATE} x{", "{DATE} x{").group()).isEqualTo("{DATE} x{");
        assertThat(find("^a{,2}b", "aab").group()).isEqualTo("aab");
        assertThat(find("x\\vy", "x\u000By").group()).isEqualTo("x\u000By");
    }

    @Test
    void commentsAndPythonOnlyFlagsAreDropped() {
        assertThat(PythonRegexTranslator.translate("(?#note)(?iu)abc(?a:d)").javaRegex())
                .isEqualTo("(?i)abc(?:d)");
        assertThat(matches("(?i)ABC", "abc")).isTrue();
    }

    @Test
    void dotAndAnchorsTreatOnlyNewlineAsLineEnd() {
        Pattern p = PythonRegexTranslator.translate("^a.b$").compile(0);
        assertThat(p.matcher("a\rb").find()).isTrue(); // Python '.' matches \r
    }

    @Test
    void unbalancedRegexIsRejectedWithItsText() {
        assertThatThrownBy(() -> PythonRegexTranslator.translate("(abc")).hasMessageContaining("(abc");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "^abc               ; true",
                "(?i)^jan \\d      ; true",
                "(?m)^abc           ; false",
                "^abc|def           ; false",
                "(?:^|x)abc         ; false",
                "abc                ; false"
            })
    void startAnchoredOnlyWhenAMatchCanOnlyBeginAtTheStart(String python, boolean anchored) {
        assertThat(PythonRegexTranslator.translate(python.strip()).startAnchored())
                .isEqualTo(anchored);
    }
}
