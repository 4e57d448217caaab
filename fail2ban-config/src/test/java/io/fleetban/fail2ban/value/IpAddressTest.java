package io.fleetban.fail2ban.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "203.0.113.9, 203.0.113.9, false",
        "0.0.0.0, 0.0.0.0, false",
        "2001:db8::1, 2001:db8::1, true",
        "::1, ::1, true",
        "::ffff:198.51.100.7, 198.51.100.7, false"
    })
    void parsesLiteralsToCanonicalText(String text, String canonical, boolean v6) {
        final IpAddress ip = IpAddress.parse(text);
        assertThat(ip.canonical()).isEqualTo(canonical);
        assertThat(ip.isV6()).isEqualTo(v6);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "256.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "01.2.3.4x",
                "1.2.3.4/24",
                "fe80::1%eth0",
                "2001:db8::g",
                " ",
                "1.2.3.4; rm -rf /"
            })
    void rejectsNonLiteralsWithoutDns(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorNamesTheText() {
        assertThatThrownBy(() -> IpAddress.parse("evil.example")).hasMessageContaining("'evil.example'");
    }
}
