package io.fleetban.enforcer.consume;

import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.backend.BanFixtures.permanent;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.IpFamily;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BanLedgerTest {

    private static final BanKey ATTACKER = key("fail", "198.51.100.2");
    private final BanLedger ledger = new BanLedger(Duration.ofMinutes(10), 3);

    private static Instant at(long secondsAfterNow) {
        return NOW.plusSeconds(secondsAfterNow);
    }

    @Test
    void shouldAddANewBan() {
        final Ban ban = banFor("fail", "198.51.100.2", 60);

        assertThat(ledger.ban(ban, at(0), NOW)).isEqualTo(new BanLedger.Add(ban));
        assertThat(ledger.active(NOW)).containsOnlyKeys(ATTACKER);
    }

    @Test
    void shouldIgnoreABanReadAfterItsOwnUnban() {
        assertThat(ledger.unban(ATTACKER, at(5))).isEqualTo(new BanLedger.Ignored(ATTACKER, BanLedger.Why.NOT_BANNED));

        assertThat(ledger.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW))
                .isEqualTo(new BanLedger.Ignored(ATTACKER, BanLedger.Why.STALE));
        assertThat(ledger.active(NOW)).isEmpty();
    }

    @Test
    void shouldIgnoreAnUnbanOlderThanTheCurrentBan() {
        final Ban second = banFor("fail", "198.51.100.2", 600);
        ledger.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);
        ledger.ban(second, at(100), NOW);

        assertThat(ledger.unban(ATTACKER, at(50))).isEqualTo(new BanLedger.Ignored(ATTACKER, BanLedger.Why.STALE));
        assertThat(ledger.active(NOW)).containsEntry(ATTACKER, second);
    }

    @Test
    void shouldRemoveOnANewerUnbanAndLetTheUnbanWinATie() {
        ledger.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);

        assertThat(ledger.unban(ATTACKER, at(0))).isEqualTo(new BanLedger.Remove(ATTACKER));
        assertThat(ledger.active(NOW)).isEmpty();
    }

    @Test
    void shouldTreatTheReplayOfTheSameBanAsStale() {
        final Ban ban = banFor("fail", "198.51.100.2", 60);
        ledger.ban(ban, at(0), NOW);

        assertThat(ledger.ban(ban, at(0), NOW)).isEqualTo(new BanLedger.Ignored(ATTACKER, BanLedger.Why.STALE));
    }

    @Test
    void shouldRefreshABanRenewedLater() {
        final Ban renewed = banFor("fail", "198.51.100.2", 3600);
        ledger.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);

        assertThat(ledger.ban(renewed, at(30), NOW)).isEqualTo(new BanLedger.Add(renewed));
    }

    @Test
    void shouldNotAddABanThatHasAlreadyExpired() {
        assertThat(ledger.ban(banFor("fail", "198.51.100.2", 60), at(0), at(60)))
                .isEqualTo(new BanLedger.Ignored(ATTACKER, BanLedger.Why.EXPIRED));
        assertThat(ledger.active(at(60))).isEmpty();
    }

    @Test
    void shouldRefuseNewEntriesOnceASetIsFullButCountFamiliesApart() {
        ledger.ban(permanent("fail", "198.51.100.1"), at(0), NOW);
        ledger.ban(permanent("fail", "198.51.100.2"), at(0), NOW);
        ledger.ban(permanent("fail", "198.51.100.3"), at(0), NOW);

        assertThat(ledger.ban(permanent("fail", "198.51.100.4"), at(0), NOW))
                .isEqualTo(new BanLedger.Ignored(key("fail", "198.51.100.4"), BanLedger.Why.SET_FULL));
        assertThat(ledger.ban(permanent("fail", "2001:db8::4"), at(0), NOW)).isInstanceOf(BanLedger.Add.class);
        assertThat(ledger.activeCount("fail", IpFamily.IPV4)).isEqualTo(3);
    }

    @Test
    void shouldFreeSetCapacityWhenBansEndOrExpire() {
        ledger.ban(permanent("fail", "198.51.100.1"), at(0), NOW);
        ledger.ban(banFor("fail", "198.51.100.2", 10), at(0), NOW);
        ledger.unban(key("fail", "198.51.100.1"), at(1));

        ledger.prune(at(11));

        assertThat(ledger.activeCount("fail", IpFamily.IPV4)).isZero();
    }

    @Test
    void shouldForgetUnbansAfterTheMemoryWindowButKeepRecentOnes() {
        ledger.unban(ATTACKER, at(0));
        ledger.unban(key("fail", "198.51.100.9"), at(500));

        ledger.prune(at(601));

        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.ban(banFor("fail", "198.51.100.9", 60), at(400), at(601)))
                .isEqualTo(new BanLedger.Ignored(key("fail", "198.51.100.9"), BanLedger.Why.STALE));
    }

    @Test
    void shouldEndBansWhoseTimeIsUpOnceAndNotABanRenewedMeanwhile() {
        ledger.ban(banFor("fail", "198.51.100.1", 10), at(0), NOW);
        ledger.ban(banFor("fail", "198.51.100.2", 10), at(0), NOW);
        ledger.ban(banFor("fail", "198.51.100.2", 100), at(5), NOW);
        ledger.ban(permanent("fail", "198.51.100.3"), at(0), NOW);

        assertThat(ledger.expire(at(9))).isEmpty();
        assertThat(ledger.expire(at(10))).containsExactly(key("fail", "198.51.100.1"));
        assertThat(ledger.expire(at(11))).isEmpty();
        assertThat(ledger.active(at(11))).containsOnlyKeys(key("fail", "198.51.100.2"), key("fail", "198.51.100.3"));
        assertThat(ledger.activeCount("fail", IpFamily.IPV4)).isEqualTo(2);
    }
}
