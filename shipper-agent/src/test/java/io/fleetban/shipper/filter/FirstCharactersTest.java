package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FirstCharactersTest {

    /** Start-anchored regexes shaped like the stock filters' (groups first, classes, conditionals, lookarounds). */
    private static final List<String> REGEXES = List.of(
            "^<F-NOFAIL>Connection from</F-NOFAIL> <HOST>",
            "^<F-NOFAIL><F-MLFFORGET>(Connection (?:closed|reset)|Disconnected)</F-MLFFORGET></F-NOFAIL> (?:by|from)"
                    + "(?: (?:invalid|authenticating) user <F-USER>\\S+|.*?</F-USER>)? <HOST>(?:\\s*)$",
            "^<F-MLFFORGET><F-MLFGAINED>Accepted \\w+</F-MLFGAINED></F-MLFFORGET> for <F-USER>\\S+</F-USER> from <HOST>",
            "^[iI](?:llegal|nvalid) user <F-USER>.*?</F-USER> from <HOST>",
            "^(?:error: )?(?:PAM: )?\\d{0,3}[^a-z\\s]+x",
            "^(?P<cond>\\[)?<HOST>(?(cond)\\])\\s+-",
            "^(?=\\w)\\S+ \\(<HOST>\\)",
            "^(?:\\s*|x)+y?z",
            "^\\.\\-\\t\\\\[\\]a-c\\-]",
            "^[^:]{2,}: <HOST>",
            "^a{,2}b{0}c{1,}",
            "^<F-USER>ROOT</F-USER> LOGIN REFUSED FROM <HOST>");

    private static final List<String> LINES = List.of(
            "Connection from 192.0.2.1 port 22",
            "Connection closed by 192.0.2.1",
            "Disconnected from 198.51.100.2",
            "Accepted publickey for git from 203.0.113.4 port 1",
            "Invalid user x from 192.0.2.1",
            "illegal user  from ::1",
            "error: PAM: 12:X;x",
            "12:x",
            "[192.0.2.1] - x",
            "192.0.2.1  -",
            "host (192.0.2.1)",
            "yz",
            "z",
            " z",
            ".-\t\\]",
            ".-\t\\-",
            "ab: 192.0.2.1",
            "aabcc",
            "c",
            "ROOT LOGIN REFUSED FROM 192.0.2.9",
            "\u00e9t\u00e9: ::1",
            "");

    @ParameterizedTest
    @CsvSource(
            delimiter = '#',
            value = {
                "^<F-NOFAIL>Connection from</F-NOFAIL> <HOST> # C",
                "^<F-NOFAIL>(Connection (?:closed|reset)|Disconnected)</F-NOFAIL> from # CD",
                "^[iI](?:llegal|nvalid) user # Ii",
                "^(?:foo)?(?:bar|baz)?qux # bfq",
                "^(?=x)y # y",
                "^(?P<c>a)?(?(c)b|c) # abc",
                "^[a-c]{0,1}\\. # .abc",
                "^\\[\\]x # ["
            })
    void setsAreTheFirstCharactersOfEveryPath(String regex, String expected) {
        FirstCharacters first =
                FirstCharacters.of(FailRegexTags.expand(regex.strip())).orElseThrow();

        StringBuilder allowed = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            if (first.mayStartWith(c)) {
                allowed.append(c);
            }
        }
        assertThat(allowed.toString())
                .isEqualTo(expected.strip()
                        .chars()
                        .sorted()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
        assertThat(first.mayStartWith('\u00e9')).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^a*",
                "^(?:x|)",
                "^(?i)abc",
                "(?s)^.x",
                "^(?P<a>x)(?P=a)",
                "^\\1",
                "^\\S*x?",
                "^.*",
                "^(?#comment)x",
                "^\\x41"
            })
    void noPreCheckWhenEmptyMatchesFlagsOrUnmodelledSyntax(String regex) {
        assertThat(FirstCharacters.of(regex)).isEmpty();
    }

    @Test
    void neverRefusesALineTheFullRegexMatches() {
        List<String> texts = new ArrayList<>();
        for (String line : LINES) {
            texts.add(line);
            for (char c = 0; c < 128; c++) { // every ASCII character in front of every sample
                texts.add(c + line);
            }
        }
        for (String regex : REGEXES) {
            String expanded = FailRegexTags.expand(regex);
            FirstCharacters first = FirstCharacters.of(expanded).orElseThrow(() -> new AssertionError(regex));
            Matcher full = PythonRegexTranslator.translate(expanded).compile(0).matcher("");
            int matched = 0;
            for (String text : texts) {
                if (full.reset(text).lookingAt()) {
                    matched++;
                    assertThat(!text.isEmpty() && first.mayStartWith(text.charAt(0)))
                            .as("%s on %s", regex, text)
                            .isTrue();
                }
            }
            assertThat(matched).as("samples matching %s", regex).isPositive();
        }
    }
}
