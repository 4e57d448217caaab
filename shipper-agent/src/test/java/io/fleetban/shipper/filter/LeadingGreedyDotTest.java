package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadingGreedyDotTest {

    private static final String SEED = "^.* - IP: <HOST> - User-Agent:.*$";

    @ParameterizedTest
    @ValueSource(
            strings = {
                " - IP: 192.0.2.7 - User-Agent: curl/8.0",
                // the injection GreedyHostLint warns about: the greedy .* must still capture the LAST address, as
                // fail2ban does
                " - IP: 192.0.2.7 - User-Agent: x - IP: 203.0.113.9 - User-Agent: y",
                " - IP: 192.0.2.7 - User-Agent: x - IP: not-an-ip!! - User-Agent: y",
                " - IP: 192.0.2.7 - User-Agent\n - IP: 203.0.113.9 - User-Agent: z",
                "no address here",
                " - IP:  - User-Agent: empty host",
                " - IP: 192.0.2.7 - User-Agent:",
                " - IP: 192.0.2.7 - User-Agent: x\n",
                " - IP: 192.0.2.7 - User-Agent: x\ny",
                " - IP: 192.0.2.7 - User-Agent: x - IP: 203.0.113.9 - User-Agent: y\nz",
                ""
            })
    void findsWhatTheFullRegexFinds(String line) {
        String expanded = FailRegexTags.expand(SEED);
        PythonRegexTranslator.TranslatedRegex translated = PythonRegexTranslator.translate(expanded);
        Pattern full = translated.compile(0);
        LeadingGreedyDot fast =
                LeadingGreedyDot.of(expanded, translated, full.flags()).orElseThrow();

        Matcher expected = full.matcher(line);
        boolean found = expected.find();
        assertThat(fast.search(line)).isEqualTo(found);
        if (found) {
            Matcher actual = fast.matcher();
            assertThat(fast.end()).isEqualTo(expected.end());
            for (int g = 1; g <= expected.groupCount(); g++) {
                assertThat(actual.group(g)).as("group %d", g).isEqualTo(expected.group(g));
            }
        }
    }

    @Test
    void theSeedFilterCapturesTheInjectedAddressThroughTheFastPath() {
        FieldNames names = new FieldNames();
        FailRegex seed = FailRegex.compile(SEED, false, true, names);
        String[] groups = names.newValues();

        assertThat(seed.search(" - IP: 192.0.2.7 - User-Agent: x - IP: 203.0.113.9 - User-Agent: y"))
                .isTrue();
        seed.collectGroups(groups);

        assertThat(new Fields(names, groups)).containsEntry("ip4", "203.0.113.9");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^.*? - IP: <HOST>",
                "^.*+ - IP: <HOST>",
                "^.*(?: - IP: )<HOST>",
                "(?s)^.* - IP: <HOST>",
                "^.* - IP: <HOST>|^foo <HOST>",
                "^.*\\d <HOST>",
                "^x.* - IP: <HOST>"
            })
    void appliesOnlyWhereEquivalenceIsObvious(String regex) {
        String expanded = FailRegexTags.expand(regex);
        PythonRegexTranslator.TranslatedRegex translated = PythonRegexTranslator.translate(expanded);

        assertThat(LeadingGreedyDot.of(expanded, translated, PythonRegexTranslator.JAVA_FLAGS))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '#',
            value = {
                "x.*$ # true",
                "x\\.*$ # false",
                "x\\\\.*$ # true",
                "[.*$ # false",
                "[a].*$ # true",
                "x.*?$ # false",
                "x.*+$ # false",
                "x(.*$) # false",
                "x.+$ # false"
            })
    void aTrailingRestOfLineIsAnUnescapedTopLevelGreedyDotStar(String javaRegex, boolean expected) {
        assertThat(LeadingGreedyDot.endsWithRestOfLine(javaRegex)).isEqualTo(expected);
    }

    @Test
    void notForMultiLineFilters() {
        String expanded = FailRegexTags.expand(SEED);
        PythonRegexTranslator.TranslatedRegex translated = PythonRegexTranslator.translate(expanded);

        assertThat(LeadingGreedyDot.of(expanded, translated, PythonRegexTranslator.JAVA_FLAGS | Pattern.MULTILINE))
                .isEmpty();
    }
}
