package io.fleetban.fail2ban.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DottedQuadTest {

    /** The grammar as a regex, as IpAddress checked it before: octets 0..255, no leading zeros. */
    private static final Pattern GRAMMAR =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Test
    void shouldReadTheOctets() {
        assertThat(DottedQuad.parse("203.0.113.255")).containsExactly(203, 0, 113, 255);
        assertThat(DottedQuad.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.",
                ".1.2.3.4",
                "1..2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.256",
                "01.2.3.4",
                "1.2.3.00",
                "1.2.3.1234",
                "1.2.3.4x",
                " 1.2.3.4",
                "1.2.3.-4",
                "1.2.3.+4",
                "1,2.3.4",
                "１.2.3.4",
                "999.999.999.999"
            })
    void shouldRefuseWhatIsNotExactlyADottedQuad(String text) {
        assertThat(DottedQuad.parse(text)).isNull();
    }

    @Test
    void shouldAcceptExactlyWhatTheRegexGrammarAccepts() {
        SplittableRandom random = new SplittableRandom(4);
        String alphabet = "0123456789012345678901234567890123456789....x";
        int accepted = 0;
        for (int i = 0; i < 500_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(6, 17);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = random.nextInt(4) == 0 ? randomQuad(random) : text.toString();
            boolean expected = GRAMMAR.matcher(candidate).matches();
            byte[] octets = DottedQuad.parse(candidate);

            assertThat(octets != null).as(candidate).isEqualTo(expected);
            if (expected) {
                accepted++;
                String[] parts = candidate.split("\\.");
                for (int k = 0; k < 4; k++) {
                    assertThat(octets[k] & 0xff).as(candidate).isEqualTo(Integer.parseInt(parts[k]));
                }
            }
        }
        assertThat(accepted).as("the sample holds many valid quads").isGreaterThan(50_000);
    }

    /** Four numbers 0..299, sometimes zero-padded: near and across the grammar's edges. */
    private static String randomQuad(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            if (k > 0) {
                text.append('.');
            }
            int value = random.nextInt(300);
            text.append(random.nextInt(10) == 0 ? String.format("%03d", value) : Integer.toString(value));
        }
        return text.toString();
    }
}
