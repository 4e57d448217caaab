package io.fleetban.enforcer.consume;

import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.backend.BanFixtures.permanent;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.status.BanSetDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HostBanListTest {

    private static final BanKey ATTACKER = key("fail", "198.51.100.2");
    private static final BanKey THIRD = key("fail", "198.51.100.3");
    private final HostBanList banList = new HostBanList(Duration.ofMinutes(10), 3);

    private static Instant at(long secondsAfterNow) {
        return NOW.plusSeconds(secondsAfterNow);
    }

    @Test
    void shouldAddANewBan() {
        final Ban ban = banFor("fail", "198.51.100.2", 60);

        assertThat(banList.ban(ban, at(0), NOW)).isEqualTo(new HostBanList.Add(ban));
        assertThat(banList.active(NOW)).containsOnlyKeys(ATTACKER);
    }

    @Test
    void shouldIgnoreABanReadAfterItsOwnUnban() {
        assertThat(banList.unban(ATTACKER, at(5)))
                .isEqualTo(new HostBanList.Ignored(ATTACKER, HostBanList.Why.NOT_BANNED));

        assertThat(banList.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW))
                .isEqualTo(new HostBanList.Ignored(ATTACKER, HostBanList.Why.STALE));
        assertThat(banList.active(NOW)).isEmpty();
    }

    @Test
    void shouldIgnoreAnUnbanOlderThanTheCurrentBan() {
        final Ban second = banFor("fail", "198.51.100.2", 600);
        banList.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);
        banList.ban(second, at(100), NOW);

        assertThat(banList.unban(ATTACKER, at(50))).isEqualTo(new HostBanList.Ignored(ATTACKER, HostBanList.Why.STALE));
        assertThat(banList.active(NOW)).containsEntry(ATTACKER, second);
    }

    @Test
    void shouldRemoveOnANewerUnbanAndLetTheUnbanWinATie() {
        banList.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);

        assertThat(banList.unban(ATTACKER, at(0))).isEqualTo(new HostBanList.Remove(ATTACKER));
        assertThat(banList.active(NOW)).isEmpty();
    }

    @Test
    void shouldTreatTheReplayOfTheSameBanAsStale() {
        final Ban ban = banFor("fail", "198.51.100.2", 60);
        banList.ban(ban, at(0), NOW);

        assertThat(banList.ban(ban, at(0), NOW)).isEqualTo(new HostBanList.Ignored(ATTACKER, HostBanList.Why.STALE));
    }

    @Test
    void shouldRefreshABanRenewedLater() {
        final Ban renewed = banFor("fail", "198.51.100.2", 3600);
        banList.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);

        assertThat(banList.ban(renewed, at(30), NOW)).isEqualTo(new HostBanList.Add(renewed));
    }

    @Test
    void shouldNotAddABanThatHasAlreadyExpired() {
        assertThat(banList.ban(banFor("fail", "198.51.100.2", 60), at(0), at(60)))
                .isEqualTo(new HostBanList.Ignored(ATTACKER, HostBanList.Why.EXPIRED));
        assertThat(banList.active(at(60))).isEmpty();
    }

    @Test
    void shouldRefuseNewEntriesOnceASetIsFullButCountFamiliesApart() {
        banList.ban(permanent("fail", "198.51.100.1"), at(0), NOW);
        banList.ban(permanent("fail", "198.51.100.2"), at(0), NOW);
        banList.ban(permanent("fail", "198.51.100.3"), at(0), NOW);

        assertThat(banList.ban(permanent("fail", "198.51.100.4"), at(0), NOW))
                .isEqualTo(new HostBanList.Ignored(key("fail", "198.51.100.4"), HostBanList.Why.SET_FULL));
        assertThat(banList.ban(permanent("fail", "2001:db8::4"), at(0), NOW)).isInstanceOf(HostBanList.Add.class);
        assertThat(banList.activeCount("fail", IpFamily.IPV4)).isEqualTo(3);
    }

    @Test
    void shouldFreeSetCapacityWhenBansEndOrExpire() {
        banList.ban(permanent("fail", "198.51.100.1"), at(0), NOW);
        banList.ban(banFor("fail", "198.51.100.2", 10), at(0), NOW);
        banList.unban(key("fail", "198.51.100.1"), at(1));

        banList.prune(at(11));

        assertThat(banList.activeCount("fail", IpFamily.IPV4)).isZero();
    }

    @Test
    void shouldForgetUnbansAfterTheMemoryWindowButKeepRecentOnes() {
        banList.unban(ATTACKER, at(0));
        banList.unban(key("fail", "198.51.100.9"), at(500));

        banList.prune(at(601));

        assertThat(banList.size()).isEqualTo(1);
        assertThat(banList.ban(banFor("fail", "198.51.100.9", 60), at(400), at(601)))
                .isEqualTo(new HostBanList.Ignored(key("fail", "198.51.100.9"), HostBanList.Why.STALE));
    }

    @Test
    void shouldEndBansWhoseTimeIsUpOnceAndNotABanRenewedMeanwhile() {
        banList.ban(banFor("fail", "198.51.100.1", 10), at(0), NOW);
        banList.ban(banFor("fail", "198.51.100.2", 10), at(0), NOW);
        banList.ban(banFor("fail", "198.51.100.2", 100), at(5), NOW);
        banList.ban(permanent("fail", "198.51.100.3"), at(0), NOW);

        assertThat(banList.expire(at(9))).isEmpty();
        assertThat(banList.expire(at(10))).containsExactly(key("fail", "198.51.100.1"));
        assertThat(banList.expire(at(11))).isEmpty();
        assertThat(banList.active(at(11))).containsOnlyKeys(key("fail", "198.51.100.2"), key("fail", "198.51.100.3"));
        assertThat(banList.activeCount("fail", IpFamily.IPV4)).isEqualTo(2);
    }

    @Test
    void shouldTellWhenTheNextBanEnds() {
        assertThat(banList.nextExpiry()).as("nothing to expire").isEqualTo(Instant.MAX);
        banList.ban(permanent("fail", "198.51.100.9"), at(0), NOW);
        assertThat(banList.nextExpiry()).as("a permanent ban never ends").isEqualTo(Instant.MAX);

        banList.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);
        banList.ban(banFor("fail", "198.51.100.3", 30), at(0), NOW);
        assertThat(banList.nextExpiry()).isEqualTo(at(30));

        banList.expire(at(30));
        assertThat(banList.nextExpiry()).isEqualTo(at(60));
    }

    @Test
    void shouldCountAndDigestTheBansInForceAsTheyComeAndGo() {
        assertThat(banList.held(NOW)).isEqualTo(held());
        banList.ban(banFor("fail", "198.51.100.2", 60), at(0), NOW);
        banList.ban(banFor("fail", "198.51.100.3", 30), at(2), NOW);
        banList.ban(banFor("fail", "198.51.100.2", 90), at(3), NOW);
        assertThat(banList.held(at(3))).as("a ban decided again counts once").isEqualTo(held(ATTACKER, THIRD));

        assertThat(banList.held(at(30)))
                .as("a ban's time is up, before expire() ran")
                .isEqualTo(held(ATTACKER));
        banList.expire(at(30));
        assertThat(banList.held(at(31))).isEqualTo(held(ATTACKER));

        banList.unban(ATTACKER, at(32));
        assertThat(banList.held(at(32))).isEqualTo(held());
    }

    @Test
    void shouldStopCountingAnExpiredBanWhenPruned() {
        banList.ban(banFor("fail", "198.51.100.3", 30), at(0), NOW);
        banList.prune(at(31));
        assertThat(banList.held(at(31))).isEqualTo(held());
        assertThat(banList.activeCount("fail", IpFamily.IPV4)).isZero();
    }

    private static HostBanList.Held held(BanKey... keys) {
        return new HostBanList.Held(keys.length, BanSetDigest.of(Stream.of(keys).map(BanKey::toString)));
    }
}
