package io.fleetban.fail2ban.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "127.0.0.1/8, 127.0.0.0/8",
        "198.51.100.7, 198.51.100.7/32",
        "10.1.2.3/255.255.0.0, 10.1.0.0/16",
        "0.0.0.0/0, 0.0.0.0/0",
        "2001:db8::/32, 2001:db8::/32",
        "2001:db8::1, 2001:db8::1/128",
        "::1, ::1/128"
    })
    void parsesAndClearsHostBits(String text, String canonical) {
        assertThat(IpRange.parse(text).canonical()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "203.0.113.7/32, 203.0.113.7",
        "203.0.113.7/24, 203.0.113.0/24",
        "2001:db8::7/128, 2001:db8::7",
        "2001:db8::7/64, 2001:db8::/64"
    })
    void banTargetIsTheBareAddressForOneAddressAndTheNetworkOtherwise(String text, String target) {
        assertThat(IpRange.parse(text).banTarget()).isEqualTo(target);
    }

    @Test
    void containsChecksFamilyAndPrefix() {
        final IpRange net = IpRange.parse("203.0.113.0/24");
        assertThat(net.contains(IpAddress.parse("203.0.113.200").address())).isTrue();
        assertThat(net.contains(IpAddress.parse("203.0.114.1").address())).isFalse();
        assertThat(net.contains(IpAddress.parse("2001:db8::1").address())).isFalse();
        assertThat(IpRange.parse("2001:db8::/32").contains(IpAddress.parse("2001:db8:ffff::1")))
                .isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains(IpAddress.parse("8.8.8.8")))
                .isTrue();
        assertThat(IpRange.parse("2001:db8::/32").isV6()).isTrue();
        assertThat(IpRange.parse("10.0.0.1").isSingleAddress()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "203.0.113.128/25, 203.0.113.128, true",
        "203.0.113.128/25, 203.0.113.255, true",
        "203.0.113.128/25, 203.0.113.127, false",
        "224.0.0.0/4, 239.255.255.255, true",
        "224.0.0.0/4, 240.0.0.0, false",
        "224.0.0.0/4, 223.255.255.255, false",
        "198.51.100.7/32, 198.51.100.7, true",
        "198.51.100.7/32, 198.51.100.6, false",
        "fe80::/10, febf:ffff::1, true",
        "fe80::/10, fec0::1, false",
        "2001:db8::/29, 2001:dbf:ffff::1, true",
        "2001:db8::/29, 2001:dc0::1, false",
        "::1/128, ::1, true",
        "::1/128, ::2, false"
    })
    void containsComparesOnlyThePrefixBitsAcrossAByte(String range, String address, boolean inside) {
        assertThat(IpRange.parse(range).contains(IpAddress.parse(address).address()))
                .isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.0/33",
                "2001:db8::/129",
                "10.0.0.0/255.0.255.0",
                "10.0.0.0/",
                "host.example/24",
                "10.0.0.0/8/8",
                "2001:db8::/ffff::"
            })
    void rejectsInvalidRanges(String text) {
        assertThatThrownBy(() -> IpRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
