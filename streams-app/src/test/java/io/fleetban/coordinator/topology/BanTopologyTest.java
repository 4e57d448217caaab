package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ban rules of the seed tutorial's {@code [fail]} jail (maxretry 5, findtime 600, bantime 60), fleet-wide, on
 * the same topology production runs.
 */
class BanTopologyTest {

    private static final String JAIL = "fail";
    private static final String ATTACKER = "203.0.113.7";
    private static final String OTHER = "198.51.100.9";
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration FINDTIME = Duration.ofSeconds(600);
    private static final Duration BANTIME = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @AutoClose
    private TopologyHarness harness;

    @BeforeEach
    void startDriver() {
        JailRule fail = new JailRule(
                JAIL,
                new JailPolicy(5, FINDTIME, BANTIME),
                List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::/32")));
        JailRule other =
                new JailRule("sshd", new JailPolicy(3, Duration.ofMinutes(10), Duration.ofSeconds(-1)), List.of());
        harness = TopologyHarness.start(stateDir, T0, fail, other);
    }

    @Test
    void shouldBanOnceWhenFiveOffensesFromThreeHostsLieWithinFindtime() {
        offend(ATTACKER, "web-1", harness.now());
        offend(ATTACKER, "web-2", harness.now());
        offend(ATTACKER, "web-3", harness.now());
        offend(ATTACKER, "web-1", harness.now());
        offend(ATTACKER, "web-2", harness.now());

        KeyValue<String, BanDecision> ban = harness.bans.readKeyValue();
        assertThat(ban.key).isEqualTo(ATTACKER);
        assertThat(ban.value.getJail()).isEqualTo(JAIL);
        assertThat(ban.value.getIp()).isEqualTo(ATTACKER);
        assertThat(ban.value.getSource()).isEqualTo(BanSource.AUTO);
        assertThat(ban.value.getFailures()).isEqualTo(5);
        assertThat(ban.value.getHosts()).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
        assertThat(ban.value.getBannedAt()).isEqualTo(T0);
        assertThat(ban.value.getExpiresAt()).isEqualTo(T0.plus(BANTIME));
        assertThat(ban.value.getBanCount()).isEqualTo(1);
        KeyValue<String, ActiveBan> active = harness.activeBans.readKeyValue();
        assertThat(active.key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertThat(active.value.getDecisionId()).isEqualTo(ban.value.getDecisionId());
        assertThat(active.value.getExpiresAt()).isEqualTo(T0.plus(BANTIME));
        assertNoMoreOutput();
    }

    @Test
    void shouldBanFleetWideWhenFourOffensesOnOneHostAndOneOnAnother() {
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-a", harness.now());
        }
        offend(ATTACKER, "web-b", harness.now());

        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getHosts()).containsExactly("web-a", "web-b");
        assertThat(ban.getFailures()).isEqualTo(5);
        assertThat(harness.activeBans.readKeyValue().key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertNoMoreOutput();
    }

    @Test
    void shouldNotBanAtFourOffenses() {
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }

        assertNoMoreOutput();
        assertThat(totals(JAIL)).isEqualTo(new JailTotals(1, 4, 0));
    }

    @Test
    void shouldNotBanAgainWhileBanned() {
        for (int i = 0; i < 10; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }

        assertThat(harness.bans.readValue().getFailures()).isEqualTo(5);
        assertThat(harness.activeBans.readKeyValue().key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertNoMoreOutput();
        assertThat(totals(JAIL)).isEqualTo(new JailTotals(0, 10, 1));
    }

    @Test
    void shouldNotBanWhenOffensesSpreadBeyondFindtime() {
        for (int i = 0; i < 5; i++) {
            offend(ATTACKER, "web-1", harness.now());
            harness.advance(Duration.ofMinutes(3));
        }

        assertNoMoreOutput();
    }

    @Test
    void shouldCountLateOutOfOrderOffensesInTheirPlace() {
        harness.advance(Duration.ofMinutes(5));
        offend(ATTACKER, "web-1", T0.plus(Duration.ofMinutes(4)));
        offend(ATTACKER, "web-2", T0.plus(Duration.ofMinutes(3)));
        offend(ATTACKER, "web-1", T0.plus(Duration.ofMinutes(1)));
        offend(ATTACKER, "web-3", T0.plus(Duration.ofMinutes(2)));
        offend(ATTACKER, "web-2", T0.plusSeconds(30));

        assertThat(harness.bans.readValue().getFailures()).isEqualTo(5);
        assertThat(harness.activeBans.readValue().getIp()).isEqualTo(ATTACKER);
        assertNoMoreOutput();
    }

    @Test
    void shouldIgnoreOffensesOlderThanFindtime() {
        harness.advance(Duration.ofMinutes(20));
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }
        offend(ATTACKER, "web-2", harness.now().minus(FINDTIME).minusSeconds(1));

        assertNoMoreOutput();
        assertThat(totals(JAIL).totalFailed()).isEqualTo(4);
    }

    @Test
    void shouldCountAResentOffenseOnce() {
        Offense first = offend(ATTACKER, "web-1", harness.now());
        for (int i = 0; i < 3; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }
        harness.offenses.pipeInput(ATTACKER, first);

        assertNoMoreOutput();
        offend(ATTACKER, "web-1", harness.now());
        assertThat(harness.bans.readValue().getFailures()).isEqualTo(5);
        assertThat(harness.activeBans.readValue().getIp()).isEqualTo(ATTACKER);
        assertNoMoreOutput();
    }

    @Test
    void shouldNeverBanAnIgnoredAddress() {
        for (int i = 0; i < 10; i++) {
            offend("10.1.2.3", "web-1", harness.now());
            offend("2001:db8::1", "web-1", harness.now());
        }

        assertNoMoreOutput();
        assertThat(totals(JAIL)).isEqualTo(JailTotals.ZERO);
    }

    @Test
    void shouldCountDifferentSpellingsOfOneAddressTogether() {
        offend("2001:DB9:0:0::5", "web-1", harness.now());
        offend("2001:db9::5", "web-1", harness.now());
        offend("2001:db9:0::5", "web-1", harness.now());
        offend("2001:db9::0:5", "web-1", harness.now());
        offend("2001:db9:0:0:0:0:0:5", "web-1", harness.now());

        assertThat(harness.bans.readKeyValue().key).isEqualTo("2001:db9::5");
        assertThat(harness.activeBans.readValue().getIp()).isEqualTo("2001:db9::5");
        assertNoMoreOutput();
    }

    @Test
    void shouldSkipOffensesForUnknownJailsAndInvalidIps() {
        for (int i = 0; i < 5; i++) {
            harness.offenses.pipeInput(ATTACKER, harness.offense("nginx-unknown", ATTACKER, "web-1", harness.now()));
            harness.offenses.pipeInput("not-an-ip", harness.offense(JAIL, "not-an-ip", "web-1", harness.now()));
        }

        assertNoMoreOutput();
    }

    @Test
    void shouldUnbanWhenBantimeExpiresOnTheWallClock() {
        banAttacker();
        harness.advance(BANTIME.minusSeconds(1));
        assertNoMoreOutput();

        harness.advance(Duration.ofSeconds(1));

        KeyValue<String, Unban> unban = harness.unbans.readKeyValue();
        assertThat(unban.key).isEqualTo(ATTACKER);
        assertThat(unban.value.getReason()).isEqualTo(UnbanReason.EXPIRED);
        assertThat(unban.value.getJail()).isEqualTo(JAIL);
        assertThat(unban.value.getUnbannedAt()).isEqualTo(T0.plus(BANTIME));
        KeyValue<String, ActiveBan> tombstone = harness.activeBans.readKeyValue();
        assertThat(tombstone.key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertThat(tombstone.value).isNull();
        assertNoMoreOutput();
    }

    @Test
    void shouldForgetAnOffenderOnceNothingIsLeftToRemember() {
        banAttacker();
        offend(OTHER, "web-1", harness.now());
        // Punctuations come every few hundred ms in production; here one per simulated minute.
        for (int minute = 0; minute <= 12; minute++) {
            harness.advance(Duration.ofMinutes(1));
        }

        assertThat(harness.unbans.readValue().getIp()).isEqualTo(ATTACKER);
        assertThat(harness.activeBans.readValue()).isNull();
        assertNoMoreOutput();
        assertThat(harness.entries(BanTopology.OFFENDERS_STORE)).isZero();
        assertThat(harness.entries(BanTopology.EXPIRY_INDEX_STORE)).isZero();
        assertThat(harness.entries(BanTopology.ACTIVE_BANS_STORE)).isZero();
        assertThat(totals(JAIL)).isEqualTo(new JailTotals(0, 6, 1));
    }

    @Test
    void shouldRequireFreshOffensesToBanAgainAfterExpiry() {
        banAttacker();
        harness.advance(BANTIME);
        Unban expired = harness.unbans.readValue();
        assertThat(expired.getReason()).isEqualTo(UnbanReason.EXPIRED);
        assertThat(harness.activeBans.readValue()).isNull();

        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }
        assertNoMoreOutput();
        offend(ATTACKER, "web-1", harness.now());

        BanDecision second = harness.bans.readValue();
        assertThat(second.getBanCount()).isEqualTo(2);
        // Decided in the same millisecond as the unban, yet strictly after it.
        assertThat(second.getBannedAt()).isEqualTo(expired.getUnbannedAt().plusMillis(1));
        assertThat(harness.activeBans.readValue().getBanCount()).isEqualTo(2);
        assertNoMoreOutput();
    }

    @Test
    void shouldNeverExpireAPermanentBan() {
        for (int i = 0; i < 3; i++) {
            harness.offenses.pipeInput(ATTACKER, harness.offense("sshd", ATTACKER, "web-1", harness.now()));
        }
        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getExpiresAt()).isNull();
        assertThat(harness.activeBans.readValue().getExpiresAt()).isNull();

        harness.advance(Duration.ofDays(30));

        assertNoMoreOutput();
    }

    @Test
    void shouldBanManuallyWithTheCommandsBantime() {
        command(CommandAction.BAN, ATTACKER, 120L);

        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getSource()).isEqualTo(BanSource.MANUAL);
        assertThat(ban.getActor()).isEqualTo("alice@ops");
        assertThat(ban.getFailures()).isZero();
        assertThat(ban.getExpiresAt()).isEqualTo(ban.getBannedAt().plusSeconds(120));
        assertThat(harness.activeBans.readValue().getSource()).isEqualTo(BanSource.MANUAL);
        assertNoMoreOutput();
        assertThat(totals(JAIL).totalBanned()).isEqualTo(1);
    }

    @Test
    void shouldUnbanManuallyAndOrderTheDecisions() {
        Instant bannedAt = banAttacker().getBannedAt();

        command(CommandAction.UNBAN, ATTACKER, null);
        command(CommandAction.BAN, ATTACKER, null);

        Unban unban = harness.unbans.readValue();
        assertThat(unban.getReason()).isEqualTo(UnbanReason.MANUAL);
        assertThat(unban.getActor()).isEqualTo("alice@ops");
        // Same wall-clock millisecond, yet strictly ordered: enforcers rely on it.
        assertThat(unban.getUnbannedAt()).isAfter(bannedAt);
        BanDecision again = harness.bans.readValue();
        assertThat(again.getBannedAt()).isAfter(unban.getUnbannedAt());
        assertThat(harness.activeBans.readKeyValuesToList())
                .extracting(kv -> kv.value == null)
                .containsExactly(true, false);
        assertNoMoreOutput();
    }

    @Test
    void shouldResetCountersOnManualUnban() {
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }
        command(CommandAction.UNBAN, ATTACKER, null);
        offend(ATTACKER, "web-1", harness.now());
        assertNoMoreOutput();

        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }
        assertThat(harness.bans.readValue().getFailures()).isEqualTo(5);
        assertThat(harness.activeBans.readValue().getIp()).isEqualTo(ATTACKER);
        assertNoMoreOutput();
    }

    @Test
    void shouldLiftEveryBanOfTheJailOnUnbanAll() {
        banAttacker();
        command(CommandAction.BAN, OTHER, null);
        harness.commands.pipeInput("sshd", harness.command(CommandAction.BAN, "sshd", ATTACKER, null));
        assertThat(harness.bans.readValuesToList()).hasSize(2);
        assertThat(harness.activeBans.readValuesToList()).hasSize(2);

        harness.commands.pipeInput(JAIL, harness.command(CommandAction.UNBAN_ALL, JAIL, null, null));

        assertThat(harness.unbans.readValuesToList())
                .extracting(Unban::getIp)
                .containsExactlyInAnyOrder(ATTACKER, OTHER);
        assertThat(harness.activeBans.readKeyValuesToList())
                .extracting(kv -> kv.key)
                .containsExactlyInAnyOrder(Topics.activeBanKey(JAIL, ATTACKER), Topics.activeBanKey(JAIL, OTHER));
        assertNoMoreOutput();
    }

    /** Bans the attacker by offenses and reads the ban and its active-bans record. */
    private BanDecision banAttacker() {
        for (int i = 0; i < 5; i++) {
            offend(ATTACKER, "web-1", harness.now());
        }
        BanDecision ban = harness.bans.readValue();
        assertThat(harness.activeBans.readValue().getDecisionId()).isEqualTo(ban.getDecisionId());
        return ban;
    }

    private Offense offend(String ip, String host, Instant eventTime) {
        return harness.offend(JAIL, ip, host, eventTime);
    }

    private void command(CommandAction action, String ip, Long bantimeSeconds) {
        harness.commands.pipeInput(ip, harness.command(action, JAIL, ip, bantimeSeconds));
    }

    private JailTotals totals(String jail) {
        KeyValueStore<String, JailTotals> store = harness.driver.getKeyValueStore(BanTopology.JAIL_TOTALS_STORE);
        JailTotals totals = store.get(jail);
        return totals == null ? JailTotals.ZERO : totals;
    }

    private void assertNoMoreOutput() {
        assertThat(harness.bans.isEmpty()).as("bans topic drained").isTrue();
        assertThat(harness.unbans.isEmpty()).as("unbans topic drained").isTrue();
        assertThat(harness.activeBans.isEmpty()).as("active-bans topic drained").isTrue();
    }
}
