package io.fleetban.enforcer.backend;

import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BanTest {

    @Test
    void shouldRoundRemainingSecondsUpSoAnEntryNeverExpiresEarly() {
        final Ban ban = new Ban(BanFixtures.key("fail", "198.51.100.2"), Optional.of(NOW.plusMillis(1_001)));
        assertThat(ban.remainingSeconds(NOW, 1_000_000)).isEqualTo(2);
    }

    @Test
    void shouldUseZeroForPermanentBansAsIpsetTimeoutZeroDoes() {
        assertThat(BanFixtures.permanent("fail", "198.51.100.2").remainingSeconds(NOW, 100))
                .isZero();
    }

    @Test
    void shouldCapRemainingSecondsAtTheKernelLimit() {
        assertThat(BanFixtures.banFor("fail", "198.51.100.2", 10_000_000).remainingSeconds(NOW, 2_147_483))
                .isEqualTo(2_147_483);
    }

    @Test
    void shouldBeExpiredAtItsEndInstant() {
        final Ban ban = BanFixtures.banFor("fail", "198.51.100.2", 5);
        assertThat(ban.isExpiredAt(NOW.plusSeconds(4))).isFalse();
        assertThat(ban.isExpiredAt(NOW.plusSeconds(5))).isTrue();
    }

    @Test
    void shouldSpellHostsBareAndPrefixesWithLength() {
        assertThat(BanFixtures.key("fail", "198.51.100.2").entryText()).isEqualTo("198.51.100.2");
        assertThat(BanFixtures.key("fail", "2001:db8:0:0::1").entryText()).isEqualTo("2001:db8::1");
        assertThat(BanFixtures.key("fail", "2001:db8:1::/64").entryText()).isEqualTo("2001:db8:1::/64");
    }
}
