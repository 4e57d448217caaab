package io.fleetban.fail2ban.jail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangeTest {
    private static final Map<String, Integer> SERVICES = ServiceNames.builtIn();

    @Test
    void singlePortsServiceNamesAndRanges() {
        assertThat(PortRange.parseList("8000", SERVICES)).containsExactly(PortRange.of(8000));
        assertThat(PortRange.parseList("ssh,http", SERVICES)).containsExactly(PortRange.of(22), PortRange.of(80));
        assertThat(PortRange.parseList("1000:2000", SERVICES)).containsExactly(new PortRange(1000, 2000));
        assertThat(PortRange.parseList("1000-2000", SERVICES)).containsExactly(new PortRange(1000, 2000));
        assertThat(PortRange.parseList("smtp,465,submission", SERVICES))
                .containsExactly(PortRange.of(25), PortRange.of(465), PortRange.of(587));
        assertThat(PortRange.parseList(" 80, 443 ,HTTPS", SERVICES))
                .containsExactly(PortRange.of(80), PortRange.of(443), PortRange.of(443));
        assertThat(PortRange.parseList("ssh:https", SERVICES)).containsExactly(new PortRange(22, 443));
    }

    @Test
    void allPortsIsRecognised() {
        assertThat(PortRange.parseList("0:65535", SERVICES))
                .singleElement()
                .satisfies(r -> assertThat(r.isAllPorts()).isTrue());
        assertThat(PortRange.of(22).isAllPorts()).isFalse();
        assertThat(new PortRange(1000, 2000)).hasToString("1000:2000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "65536", "2000:1000", "nosuchservice", "1:2:3", "-1"})
    void invalidEntriesAreErrors(String text) {
        assertThatThrownBy(() -> PortRange.parseList(text, SERVICES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownServiceErrorNamesIt() {
        assertThatThrownBy(() -> PortRange.parseList("ssh,gopherx", SERVICES)).hasMessageContaining("'gopherx'");
    }
}
