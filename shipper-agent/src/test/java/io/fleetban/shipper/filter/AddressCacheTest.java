package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.value.IpAddress;
import org.junit.jupiter.api.Test;

class AddressCacheTest {

    @Test
    void answersLikeTheParserAndReusesTheParsedAddress() {
        AddressCache cache = new AddressCache();

        IpAddress first = cache.parse("192.0.2.7");

        assertThat(first).isEqualTo(IpAddress.parse("192.0.2.7"));
        assertThat(cache.parse(new String("192.0.2.7"))).isSameAs(first);
    }

    @Test
    void textThatIsNoAddressFailsEveryTimeAndIsNotKept() {
        AddressCache cache = new AddressCache();

        assertThatThrownBy(() -> cache.parse("999.1.1.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.parse("999.1.1.1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysBoundedUnderAFloodOfDistinctAddresses() {
        AddressCache cache = new AddressCache();

        for (int i = 0; i < AddressCache.MAX_ENTRIES + 500; i++) {
            cache.parse("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(cache.size()).isBetween(1, AddressCache.MAX_ENTRIES);
    }
}
