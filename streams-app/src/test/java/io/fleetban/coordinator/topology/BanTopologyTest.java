package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
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

    private final AtomicInteger offenseIds = new AtomicInteger();
    private Duration elapsed = Duration.ZERO;
    private TopologyHarness harness;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Offense> offenses;
    private TestInputTopic<String, Command> commands;
    private TestOutputTopic<String, BanDecision> bans;
    private TestOutputTopic<String, Unban> unbans;
    private TestOutputTopic<String, ActiveBan> activeBans;

    @BeforeEach
    void startDriver() {
        JailRule fail = new JailRule(JAIL, new JailPolicy(5, FINDTIME, BANTIME),
                List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::/32")));
        JailRule other = new JailRule("sshd", new JailPolicy(3, Duration.ofMinutes(10), Duration.ofSeconds(-1)),
                List.of());
        harness = TopologyHarness.start(stateDir, T0, fail, other);
        driver = harness.driver;
        offenses = harness.offenses;
        commands = harness.commands;
        bans = harness.bans;
        unbans = harness.unbans;
        activeBans = harness.activeBans;
    }

    @AfterEach
    void closeDriver() {
        harness.close();
    }

    @Test
    void shouldBanOnceWhenFiveOffensesFromThreeHostsLieWithinFindtime() {
        offend(ATTACKER, "web-1", now());
        offend(ATTACKER, "web-2", now());
        offend(ATTACKER, "web-3", now());
        offend(ATTACKER, "web-1", now());
        offend(ATTACKER, "web-2", now());

        KeyValue<String, BanDecision> ban = bans.readKeyValue();
        assertThat(ban.key).isEqualTo(ATTACKER);
        assertThat(ban.value.getJail()).isEqualTo(JAIL);
        assertThat(ban.value.getIp()).isEqualTo(ATTACKER);
        assertThat(ban.value.getSource()).isEqualTo(BanSource.AUTO);
        assertThat(ban.value.getFailures()).isEqualTo(5);
        assertThat(ban.value.getHosts()).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
        assertThat(ban.value.getBannedAt()).isEqualTo(T0);
        assertThat(ban.value.getExpiresAt()).isEqualTo(T0.plus(BANTIME));
        assertThat(ban.value.getBanCount()).isEqualTo(1);
        KeyValue<String, ActiveBan> active = activeBans.readKeyValue();
        assertThat(active.key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertThat(active.value.getDecisionId()).isEqualTo(ban.value.getDecisionId());
        assertThat(active.value.getExpiresAt()).isEqualTo(T0.plus(BANTIME));
        assertNoMoreOutput();
    }

    @Test
    void shouldBanFleetWideWhenFourOffensesOnOneHostAndOneOnAnother() {
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-a", now());
        }
        offend(ATTACKER, "web-b", now());

        BanDecision ban = bans.readValue();
        assertThat(ban.getHosts()).containsExactly("web-a", "web-b");
        assertThat(ban.getFailures()).isEqualTo(5);
        assertThat(activeBans.readKeyValue().key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertNoMoreOutput();
    }

    @Test
    void shouldNotBanAtFourOffenses() {
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", now());
        }

        assertNoMoreOutput();
        assertThat(totals(JAIL)).isEqualTo(new JailTotals(1, 4, 0));
    }

    @Test
    void shouldNotBanAgainWhileBanned() {
        for (int i = 0; i < 10; i++) {
            offend(ATTACKER, "web-1", now());
        }

        assertThat(bans.readValue().getFailures()).isEqualTo(5);
        assertThat(activeBans.readKeyValue().key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertNoMoreOutput();
        assertThat(totals(JAIL)).isEqualTo(new JailTotals(0, 10, 1));
    }

    @Test
    void shouldNotBanWhenOffensesSpreadBeyondFindtime() {
        for (int i = 0; i < 5; i++) {
            offend(ATTACKER, "web-1", now());
            advance(Duration.ofMinutes(3));
        }

        assertNoMoreOutput();
    }

    @Test
    void shouldCountLateOutOfOrderOffensesInTheirPlace() {
        advance(Duration.ofMinutes(5));
        offend(ATTACKER, "web-1", T0.plus(Duration.ofMinutes(4)));
        offend(ATTACKER, "web-2", T0.plus(Duration.ofMinutes(3)));
        offend(ATTACKER, "web-1", T0.plus(Duration.ofMinutes(1)));
        offend(ATTACKER, "web-3", T0.plus(Duration.ofMinutes(2)));
        offend(ATTACKER, "web-2", T0.plusSeconds(30));

        assertThat(bans.readValue().getFailures()).isEqualTo(5);
        assertThat(activeBans.readValue().getIp()).isEqualTo(ATTACKER);
        assertNoMoreOutput();
    }

    @Test
    void shouldIgnoreOffensesOlderThanFindtime() {
        advance(Duration.ofMinutes(20));
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", now());
        }
        offend(ATTACKER, "web-2", now().minus(FINDTIME).minusSeconds(1));

        assertNoMoreOutput();
        assertThat(totals(JAIL).totalFailed()).isEqualTo(4);
    }

    @Test
    void shouldCountAResentOffenseOnce() {
        Offense first = offend(ATTACKER, "web-1", now());
        for (int i = 0; i < 3; i++) {
            offend(ATTACKER, "web-1", now());
        }
        offenses.pipeInput(ATTACKER, first);

        assertNoMoreOutput();
        offend(ATTACKER, "web-1", now());
        assertThat(bans.readValue().getFailures()).isEqualTo(5);
        assertThat(activeBans.readValue().getIp()).isEqualTo(ATTACKER);
        assertNoMoreOutput();
    }

    @Test
    void shouldNeverBanAnIgnoredAddress() {
        for (int i = 0; i < 10; i++) {
            offend("10.1.2.3", "web-1", now());
            offend("2001:db8::1", "web-1", now());
        }

        assertNoMoreOutput();
        assertThat(totals(JAIL)).isEqualTo(JailTotals.ZERO);
    }

    @Test
    void shouldCountDifferentSpellingsOfOneAddressTogether() {
        offend("2001:DB9:0:0::5", "web-1", now());
        offend("2001:db9::5", "web-1", now());
        offend("2001:db9:0::5", "web-1", now());
        offend("2001:db9::0:5", "web-1", now());
        offend("2001:db9:0:0:0:0:0:5", "web-1", now());

        assertThat(bans.readKeyValue().key).isEqualTo("2001:db9::5");
        assertThat(activeBans.readValue().getIp()).isEqualTo("2001:db9::5");
        assertNoMoreOutput();
    }

    @Test
    void shouldSkipOffensesForUnknownJailsAndInvalidIps() {
        for (int i = 0; i < 5; i++) {
            offenses.pipeInput(ATTACKER, offense("nginx-unknown", ATTACKER, "web-1", now()));
            offenses.pipeInput("not-an-ip", offense(JAIL, "not-an-ip", "web-1", now()));
        }

        assertNoMoreOutput();
    }

    @Test
    void shouldUnbanWhenBantimeExpiresOnTheWallClock() {
        banAttacker();
        advance(BANTIME.minusSeconds(1));
        assertNoMoreOutput();

        advance(Duration.ofSeconds(1));

        KeyValue<String, Unban> unban = unbans.readKeyValue();
        assertThat(unban.key).isEqualTo(ATTACKER);
        assertThat(unban.value.getReason()).isEqualTo(UnbanReason.EXPIRED);
        assertThat(unban.value.getJail()).isEqualTo(JAIL);
        assertThat(unban.value.getUnbannedAt()).isEqualTo(T0.plus(BANTIME));
        KeyValue<String, ActiveBan> tombstone = activeBans.readKeyValue();
        assertThat(tombstone.key).isEqualTo(Topics.activeBanKey(JAIL, ATTACKER));
        assertThat(tombstone.value).isNull();
        assertNoMoreOutput();
    }

    @Test
    void shouldForgetAnOffenderOnceNothingIsLeftToRemember() {
        banAttacker();
        offend(OTHER, "web-1", now());
        // Punctuations come every few hundred ms in production; here one per simulated minute.
        for (int minute = 0; minute <= 12; minute++) {
            advance(Duration.ofMinutes(1));
        }

        assertThat(unbans.readValue().getIp()).isEqualTo(ATTACKER);
        assertThat(activeBans.readValue()).isNull();
        assertNoMoreOutput();
        KeyValueStore<String, OffenderState> offenders = driver.getKeyValueStore(BanTopology.OFFENDERS_STORE);
        assertThat(entries(offenders)).isZero();
        assertThat(entries(driver.getKeyValueStore(BanTopology.EXPIRY_INDEX_STORE))).isZero();
        assertThat(entries(driver.getKeyValueStore(BanTopology.ACTIVE_BANS_STORE))).isZero();
        assertThat(totals(JAIL)).isEqualTo(new JailTotals(0, 6, 1));
    }

    @Test
    void shouldRequireFreshOffensesToBanAgainAfterExpiry() {
        banAttacker();
        advance(BANTIME);
        Unban expired = unbans.readValue();
        assertThat(expired.getReason()).isEqualTo(UnbanReason.EXPIRED);
        assertThat(activeBans.readValue()).isNull();

        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", now());
        }
        assertNoMoreOutput();
        offend(ATTACKER, "web-1", now());

        BanDecision second = bans.readValue();
        assertThat(second.getBanCount()).isEqualTo(2);
        // Decided in the same millisecond as the unban, yet strictly after it.
        assertThat(second.getBannedAt()).isEqualTo(expired.getUnbannedAt().plusMillis(1));
        assertThat(activeBans.readValue().getBanCount()).isEqualTo(2);
        assertNoMoreOutput();
    }

    @Test
    void shouldNeverExpireAPermanentBan() {
        for (int i = 0; i < 3; i++) {
            offenses.pipeInput(ATTACKER, offense("sshd", ATTACKER, "web-1", now()));
        }
        BanDecision ban = bans.readValue();
        assertThat(ban.getExpiresAt()).isNull();
        assertThat(activeBans.readValue().getExpiresAt()).isNull();

        advance(Duration.ofDays(30));

        assertNoMoreOutput();
    }

    @Test
    void shouldBanManuallyWithTheCommandsBantime() {
        command(CommandAction.BAN, ATTACKER, 120L);

        BanDecision ban = bans.readValue();
        assertThat(ban.getSource()).isEqualTo(BanSource.MANUAL);
        assertThat(ban.getActor()).isEqualTo("alice@ops");
        assertThat(ban.getFailures()).isZero();
        assertThat(ban.getExpiresAt()).isEqualTo(ban.getBannedAt().plusSeconds(120));
        assertThat(activeBans.readValue().getSource()).isEqualTo(BanSource.MANUAL);
        assertNoMoreOutput();
        assertThat(totals(JAIL).totalBanned()).isEqualTo(1);
    }

    @Test
    void shouldUnbanManuallyAndOrderTheDecisions() {
        Instant bannedAt = banAttacker().getBannedAt();

        command(CommandAction.UNBAN, ATTACKER, null);
        command(CommandAction.BAN, ATTACKER, null);

        Unban unban = unbans.readValue();
        assertThat(unban.getReason()).isEqualTo(UnbanReason.MANUAL);
        assertThat(unban.getActor()).isEqualTo("alice@ops");
        // Same wall-clock millisecond, yet strictly ordered: enforcers rely on it.
        assertThat(unban.getUnbannedAt()).isAfter(bannedAt);
        BanDecision again = bans.readValue();
        assertThat(again.getBannedAt()).isAfter(unban.getUnbannedAt());
        assertThat(activeBans.readKeyValuesToList()).extracting(kv -> kv.value == null)
                .containsExactly(true, false);
        assertNoMoreOutput();
    }

    @Test
    void shouldResetCountersOnManualUnban() {
        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", now());
        }
        command(CommandAction.UNBAN, ATTACKER, null);
        offend(ATTACKER, "web-1", now());
        assertNoMoreOutput();

        for (int i = 0; i < 4; i++) {
            offend(ATTACKER, "web-1", now());
        }
        assertThat(bans.readValue().getFailures()).isEqualTo(5);
        assertThat(activeBans.readValue().getIp()).isEqualTo(ATTACKER);
        assertNoMoreOutput();
    }

    @Test
    void shouldLiftEveryBanOfTheJailOnUnbanAll() {
        banAttacker();
        command(CommandAction.BAN, OTHER, null);
        commands.pipeInput("sshd", command(CommandAction.BAN, "sshd", ATTACKER, null));
        assertThat(bans.readValuesToList()).hasSize(2);
        assertThat(activeBans.readValuesToList()).hasSize(2);

        commands.pipeInput(JAIL, command(CommandAction.UNBAN_ALL, JAIL, null, null));

        assertThat(unbans.readValuesToList()).extracting(Unban::getIp).containsExactlyInAnyOrder(ATTACKER, OTHER);
        assertThat(activeBans.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder(Topics.activeBanKey(JAIL, ATTACKER), Topics.activeBanKey(JAIL, OTHER));
        assertNoMoreOutput();
    }

    /** Bans the attacker by offenses and reads the ban and its active-bans record. */
    private BanDecision banAttacker() {
        for (int i = 0; i < 5; i++) {
            offend(ATTACKER, "web-1", now());
        }
        BanDecision ban = bans.readValue();
        assertThat(activeBans.readValue().getDecisionId()).isEqualTo(ban.getDecisionId());
        return ban;
    }

    /** The driver's mocked wall clock, which the coordinator reads for every decision. */
    private Instant now() {
        return T0.plus(elapsed);
    }

    private void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    private Offense offend(String ip, String host, Instant eventTime) {
        Offense offense = offense(JAIL, ip, host, eventTime);
        offenses.pipeInput(ip, offense);
        return offense;
    }

    private Offense offense(String jail, String ip, String host, Instant eventTime) {
        return Offense.newBuilder().setOffenseId(host + ":/tmp/fail.log:" + offenseIds.incrementAndGet())
                .setJail(jail).setIp(ip).setHostId(host).setEventTime(eventTime).setIngestTime(eventTime)
                .setSource("/tmp/fail.log").setLine(eventTime + " - IP: " + ip + " - User-Agent: curl").build();
    }

    private void command(CommandAction action, String ip, Long bantimeSeconds) {
        commands.pipeInput(ip, command(action, JAIL, ip, bantimeSeconds));
    }

    private Command command(CommandAction action, String jail, String ip, Long bantimeSeconds) {
        return Command.newBuilder().setCommandId("cmd-" + offenseIds.incrementAndGet()).setAction(action)
                .setJail(jail).setIp(ip).setActor("alice@ops").setReason(null).setIssuedAt(now())
                .setBantimeSeconds(bantimeSeconds).build();
    }

    private JailTotals totals(String jail) {
        KeyValueStore<String, JailTotals> store = driver.getKeyValueStore(BanTopology.JAIL_TOTALS_STORE);
        JailTotals totals = store.get(jail);
        return totals == null ? JailTotals.ZERO : totals;
    }

    private static long entries(KeyValueStore<?, ?> store) {
        try (KeyValueIterator<?, ?> all = store.all()) {
            long count = 0;
            while (all.hasNext()) {
                all.next();
                count++;
            }
            return count;
        }
    }

    private void assertNoMoreOutput() {
        assertThat(bans.isEmpty()).as("bans topic drained").isTrue();
        assertThat(unbans.isEmpty()).as("unbans topic drained").isTrue();
        assertThat(activeBans.isEmpty()).as("active-bans topic drained").isTrue();
    }
}
