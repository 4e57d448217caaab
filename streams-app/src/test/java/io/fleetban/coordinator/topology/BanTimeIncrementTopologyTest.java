package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.BanHistory;
import io.fleetban.coordinator.state.BanHistoryKey;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.JailPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fail2ban's {@code bantime.increment} fleet-wide: a repeat offender's next ban is longer, by the IP's ban count
 * that outlives its offender state.
 */
class BanTimeIncrementTopologyTest {

    private static final String ATTACKER = "203.0.113.7";
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration FINDTIME = Duration.ofMinutes(10);
    private static final Duration BANTIME = Duration.ofSeconds(60);
    private static final int MAXRETRY = 2;

    @TempDir
    Path stateDir;

    @AutoClose
    private TopologyHarness harness;

    @Test
    void secondBanLastsFactorTimesTwoAndTheThirdIsCappedAtMaxtime() {
        start(jail("web", formula(1.5, Duration.ofMinutes(5), false)));

        BanDecision first = banAndExpire("web");
        BanDecision second = banAndExpire("web");
        BanDecision third = ban("web");

        assertThat(lasted(first)).isEqualTo(BANTIME);
        assertThat(first.getBanCount()).isEqualTo(1);
        assertThat(lasted(second)).as("60 s * (1<<1) * 1.5").isEqualTo(Duration.ofSeconds(180));
        assertThat(second.getBanCount()).isEqualTo(2);
        assertThat(second.getReason()).contains("ban #2, bantime increased to 180 s");
        assertThat(lasted(third)).as("60 s * (1<<2) * 1.5 = 360 s, capped").isEqualTo(Duration.ofMinutes(5));
        assertThat(third.getBanCount()).isEqualTo(3);
    }

    @Test
    void secondBanTakesTheMultipliersStep() {
        start(jail("web", new BanTimeIncrement(true, 1, List.of(1, 5, 30), Optional.empty(), Optional.empty(), false)));

        banAndExpire("web");
        BanDecision second = ban("web");

        assertThat(lasted(second)).isEqualTo(BANTIME.multipliedBy(5));
        assertThat(second.getBanCount()).isEqualTo(2);
    }

    @Test
    void rememberedAfterTheIdleOffenderStateWasPrunedAndForgottenAfterItsRetention() {
        start(jail("web", formula(1, null, false)));
        banAndExpire("web");
        harness.advance(Duration.ofSeconds(OffenderLedger.IDLE_RETENTION_MS / 1000 + 1));
        assertThat(harness.entries(BanTopology.OFFENDERS_STORE))
                .as("idle offender state pruned")
                .isZero();
        assertThat(history().get(BanHistoryKey.of("web", ATTACKER)).banCount()).isEqualTo(1);

        BanDecision second = banAndExpire("web");
        assertThat(lasted(second)).isEqualTo(BANTIME.multipliedBy(2));
        assertThat(second.getBanCount()).isEqualTo(2);

        // Kept BanTimeIncrement.MIN_HISTORY_RETENTION (1 day, > maxtime) after the last ban ended, then dropped.
        harness.advance(BanTimeIncrement.MIN_HISTORY_RETENTION);
        assertThat(harness.entries(BanTopology.BAN_HISTORY_STORE)).isZero();
        assertThat(harness.entries(BanTopology.EXPIRY_INDEX_STORE)).isZero();
        BanDecision afresh = ban("web");
        assertThat(lasted(afresh)).isEqualTo(BANTIME);
        assertThat(afresh.getBanCount()).isEqualTo(1);
    }

    @Test
    void overalljailsCountsTheIpsBansInEveryJail() {
        start(
                jail("web", formula(1, null, true)),
                jail("api", formula(1, null, true)),
                jail("mail", formula(1, null, false)));

        banAndExpire("web");
        BanDecision api = ban("api");
        BanDecision mail = ban("mail");

        assertThat(api.getBanCount()).as("one earlier ban, in web").isEqualTo(2);
        assertThat(lasted(api)).isEqualTo(BANTIME.multipliedBy(2));
        assertThat(mail.getBanCount())
                .as("without overalljails only mail's own bans count")
                .isEqualTo(1);
        assertThat(lasted(mail)).isEqualTo(BANTIME);
        assertThat(history().get(BanHistoryKey.overall(ATTACKER)).banCount()).isEqualTo(3);
    }

    @Test
    void rndtimeAddsABoundedRandomPartToAnIncreasedBan() {
        start(jail(
                "web",
                new BanTimeIncrement(
                        true, 1, List.of(), Optional.empty(), Optional.of(Duration.ofSeconds(30)), false)));

        BanDecision first = banAndExpire("web");
        BanDecision second = ban("web");

        assertThat(lasted(first)).as("a first ban is never randomised").isEqualTo(BANTIME);
        assertThat(lasted(second)).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(150));
    }

    @Test
    void aManualBanKeepsItsTimeButCountsForTheNextAutomaticOne() {
        start(jail("web", formula(1, null, false)));
        harness.commands.pipeInput(ATTACKER, harness.command(CommandAction.BAN, "web", ATTACKER, null));
        BanDecision manual = harness.bans.readValue();
        harness.advance(lasted(manual));
        assertThat(harness.unbans.readValue().getReason()).isEqualTo(UnbanReason.EXPIRED);

        BanDecision auto = ban("web");

        assertThat(lasted(manual)).isEqualTo(BANTIME);
        assertThat(manual.getBanCount()).isEqualTo(1);
        assertThat(auto.getBanCount()).isEqualTo(2);
        assertThat(lasted(auto)).isEqualTo(BANTIME.multipliedBy(2));
    }

    @Test
    void offByDefaultEveryBanLastsBantimeAndNoHistoryIsKept() {
        start(new JailRule("web", new JailPolicy(MAXRETRY, FINDTIME, BANTIME), List.of()));

        banAndExpire("web");
        BanDecision second = ban("web");

        assertThat(lasted(second)).isEqualTo(BANTIME);
        assertThat(second.getBanCount()).as("the offender state's own count").isEqualTo(2);
        assertThat(harness.entries(BanTopology.BAN_HISTORY_STORE)).isZero();
    }

    private static BanTimeIncrement formula(double factor, Duration maxTime, boolean overallJails) {
        return new BanTimeIncrement(
                true, factor, List.of(), Optional.ofNullable(maxTime), Optional.empty(), overallJails);
    }

    private static JailRule jail(String name, BanTimeIncrement increment) {
        return new JailRule(name, new JailPolicy(MAXRETRY, FINDTIME, BANTIME, increment), List.of());
    }

    private void start(JailRule... jails) {
        harness = TopologyHarness.start(stateDir, T0, jails);
    }

    /** maxretry offenses in the jail, and the ban they cause. */
    private BanDecision ban(String jail) {
        for (int i = 0; i < MAXRETRY; i++) {
            harness.offend(jail, ATTACKER, "web-1", harness.now());
        }
        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getJail()).isEqualTo(jail);
        return ban;
    }

    /** A ban, then the wall clock moved to its end and its expiry read. */
    private BanDecision banAndExpire(String jail) {
        BanDecision ban = ban(jail);
        // A ban decided right after an unban is stamped 1 ms later (decision times strictly increase): move to its end.
        harness.advance(Duration.between(harness.now(), ban.getExpiresAt()));
        Unban unban = harness.unbans.readValue();
        assertThat(unban.getReason()).isEqualTo(UnbanReason.EXPIRED);
        assertThat(unban.getDecisionId()).isEqualTo(ban.getDecisionId());
        return ban;
    }

    private static Duration lasted(BanDecision ban) {
        return Duration.between(ban.getBannedAt(), ban.getExpiresAt());
    }

    private KeyValueStore<String, BanHistory> history() {
        return harness.driver.getKeyValueStore(BanTopology.BAN_HISTORY_STORE);
    }
}
