package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequiredLiteralTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "^ - IP: <HOST> - User-Agent:.*$              | ' - User-Agent:'",
                "^[aA]uthentication failure for (?P<u>.*) from x | 'uthentication failure for '",
                "^.{100}foo                                     | foo",
                "^ab?cdef\\.g                                   | cdef.g",
                "^x(?:abcdefgh)? yz1                            | ' yz1'"
            })
    void longestTopLevelLiteral(String regex, String expected) {
        assertThat(RequiredLiteral.of(FailRegexTags.expand(regex.strip()))).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^foo bar|baz qux", "(?i)^user unknown", "^(?:abc|def)[0-9]+", "^a\\d\\sb"})
    void noPreCheckWhenNotSafeOrTooShort(String regex) {
        assertThat(RequiredLiteral.of(regex)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"': '|': '", "x\\d+y: \\s*| 'y: '", "'(?:a|b)'| ''", "(?i)ab| ''"})
    void longestOfAnyLengthForShortBranches(String regex, String expected) {
        assertThat(RequiredLiteral.longest(regex)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "^Failed (?:publickey)? for             | 'Failed '",
                "^refused connect from \\S+           | 'refused connect from '",
                "^\\[preauth\\] x                   | '[preauth] x'",
                "^Users? <F-USER>                       | 'User'",
                "^[iI]nvalid user                       | ''",
                "(?i)^Failed password                   | ''",
                "Failed password                        | ''"
            })
    void anchoredPrefixIsTheLiteralRightAfterTheAnchor(String regex, String expected) {
        assertThat(RequiredLiteral.anchoredPrefix(regex.strip())).isEqualTo(expected);
    }
}
