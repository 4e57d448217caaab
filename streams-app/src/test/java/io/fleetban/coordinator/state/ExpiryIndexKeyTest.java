package io.fleetban.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExpiryIndexKeyTest {

    @Test
    void shouldRoundTrip() {
        ExpiryIndexKey key = new ExpiryIndexKey(1_795_608_060_000L, "fail/2001:db8::/64");

        assertThat(ExpiryIndexKey.decode(ExpiryIndexKey.encode(key))).isEqualTo(key);
    }

    @Test
    void shouldSortByTimeBeforeKeyAsUnsignedBytes() {
        byte[] early = ExpiryIndexKey.encode(new ExpiryIndexKey(255, "zzz/9.9.9.9"));
        byte[] late = ExpiryIndexKey.encode(new ExpiryIndexKey(256, "aaa/1.1.1.1"));

        assertThat(Arrays.compareUnsigned(early, late)).isNegative();
    }

    @Test
    void shouldBoundAScanToEverythingDueByNow() {
        byte[] bound = ExpiryIndexKey.encode(ExpiryIndexKey.dueBy(1000));
        byte[] dueNow = ExpiryIndexKey.encode(new ExpiryIndexKey(1000, "fail/1.2.3.4"));
        byte[] dueLater = ExpiryIndexKey.encode(new ExpiryIndexKey(1001, "fail/1.2.3.4"));

        assertThat(Arrays.compareUnsigned(dueNow, bound)).isNegative();
        assertThat(Arrays.compareUnsigned(dueLater, bound)).isPositive();
    }
}
