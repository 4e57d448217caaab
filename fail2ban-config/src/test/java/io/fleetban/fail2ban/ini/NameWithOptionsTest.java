package io.fleetban.fail2ban.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameWithOptionsTest {

    @Test
    void plainName() {
        assertThat(NameWithOptions.parse(" sshd ")).isEqualTo(new NameWithOptions("sshd", Map.of()));
    }

    @Test
    void bareQuotedAndSingleQuotedValues() {
        final NameWithOptions n = NameWithOptions.parse(
                "iptables-multiport[name=ssh, port=\"22,2222\", protocol=tcp , chain='IN[PUT]', blocktype=\"\"]");
        assertThat(n.name()).isEqualTo("iptables-multiport");
        assertThat(n.options())
                .containsExactly(
                        entry("name", "ssh"),
                        entry("port", "22,2222"),
                        entry("protocol", "tcp"),
                        entry("chain", "IN[PUT]"),
                        entry("blocktype", ""));
    }

    @Test
    void quotedValuesKeepEscapesAsWritten() {
        assertThat(NameWithOptions.parse("sshd[__pam_auth=\"pam_\\\"x\\\"\", mode=aggressive]")
                        .options())
                .containsEntry("__pam_auth", "pam_\\\"x\\\"")
                .containsEntry("mode", "aggressive");
    }

    @Test
    void dottedAndDashedNamesAndTrailingComma() {
        assertThat(NameWithOptions.parse("x[bantime.increment=true, my-opt=1,]").options())
                .containsExactly(entry("bantime.increment", "true"), entry("my-opt", "1"));
    }

    @Test
    void consecutiveBracketGroupsAndBlanksInsideValuesAreAccepted() {
        assertThat(NameWithOptions.parse("x[a=1][b= 2 ]").options()).containsExactly(entry("a", "1"), entry("b", "2"));
    }

    /** The same inputs fail2ban's extractOptions refuses (note: no blanks allowed before '='). */
    @ParameterizedTest
    @ValueSource(strings = {"sshd[mode]", "sshd[=x]", "[mode=x]", "sshd[mode=\"x\" y]", "x[a=1, protocol = tcp]"})
    void malformedParametersAreErrors(String text) {
        assertThatThrownBy(() -> NameWithOptions.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitListKeepsBracketsAndQuotesTogether() {
        assertThat(NameWithOptions.splitList("""
                iptables-multiport[name=x, port="80, 443", protocol=tcp]
                  sendmail-whois[name=x, dest=root@localhost]   dummy  spaced [a=1]
                """))
                .containsExactly(
                        "iptables-multiport[name=x, port=\"80, 443\", protocol=tcp]",
                        "sendmail-whois[name=x, dest=root@localhost]",
                        "dummy",
                        "spaced [a=1]");
    }
}
