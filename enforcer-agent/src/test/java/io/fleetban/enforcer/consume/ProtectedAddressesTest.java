package io.fleetban.enforcer.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.value.IpAddress;
import org.junit.jupiter.api.Test;

class ProtectedAddressesTest {

    @Test
    void shouldTakeTheHostOfEachBootstrapServerIncludingBracketedIpv6() {
        assertThat(ProtectedAddresses.hostOf("broker-1.example:9092")).isEqualTo("broker-1.example");
        assertThat(ProtectedAddresses.hostOf("[2001:db8::9]:9093")).isEqualTo("2001:db8::9");
        assertThat(ProtectedAddresses.hostOf("198.51.100.50")).isEqualTo("198.51.100.50");
    }

    @Test
    void shouldProtectEveryBrokerAddress() {
        assertThat(ProtectedAddresses.ofBrokers("198.51.100.50:9092, [2001:db8::9]:9093"))
                .containsExactlyInAnyOrder(
                        IpAddress.parse("198.51.100.50").address(),
                        IpAddress.parse("2001:db8::9").address());
    }

    @Test
    void shouldProtectTheLoopbackInterfaceOfThisHost() {
        assertThat(ProtectedAddresses.ofThisHost())
                .contains(IpAddress.parse("127.0.0.1").address());
    }

    @Test
    void shouldReadTheAddressesOfIpAddrShow() {
        assertThat(
                        ProtectedAddresses.parseAddressLine(
                                "2: fbv1s    inet 198.51.100.1/24 scope global fbv1s\\       valid_lft forever preferred_lft forever"))
                .contains(IpAddress.parse("198.51.100.1").address());
        assertThat(ProtectedAddresses.parseAddressLine("2: fbv1s    inet6 2001:db8:100::1/64 scope global nodad"))
                .contains(IpAddress.parse("2001:db8:100::1").address());
        assertThat(ProtectedAddresses.parseAddressLine("1: lo    link/loopback 00:00:00:00:00:00"))
                .isEmpty();
    }
}
