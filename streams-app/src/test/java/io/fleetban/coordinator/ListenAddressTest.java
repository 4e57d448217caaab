package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void shouldParseHostAndPort() {
        assertThat(ListenAddress.parse("127.0.0.1:7070")).isEqualTo(new ListenAddress("127.0.0.1", 7070));
    }

    @Test
    void shouldParseBracketedIpv6AndPrintItBack() {
        ListenAddress address = ListenAddress.parse("[::1]:7070");

        assertThat(address.host()).isEqualTo("::1");
        assertThat(address.hostAndPort()).isEqualTo("[::1]:7070");
    }

    @Test
    void shouldRejectUnbracketedIpv6AndBadPorts() {
        assertThatThrownBy(() -> ListenAddress.parse("::1:7070")).hasMessageContaining("[address]:port");
        assertThatThrownBy(() -> ListenAddress.parse("host:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ListenAddress.parse("host:70000")).hasMessageContaining("0..65535");
    }
}
