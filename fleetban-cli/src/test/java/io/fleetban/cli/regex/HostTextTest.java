package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.value.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv6 is reported in RFC 5952 form, as fail2ban (Python) prints it. */
class HostTextTest {

    @ParameterizedTest
    @CsvSource({
        "198.51.100.7, 198.51.100.7",
        "2001:DB8:0:0:0:0:0:7, 2001:db8::7",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:1, ::1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "::, ::"
    })
    void formatsAsPythonDoes(String logged, String reported) {
        assertThat(HostText.of(IpAddress.parse(logged))).isEqualTo(reported);
    }
}
