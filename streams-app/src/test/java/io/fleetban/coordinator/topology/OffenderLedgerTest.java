package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.fail2ban.jail.JailPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger: offender states kept in step with the expiry index and jail totals; bans and unbans as records. */
class OffenderLedgerTest {

    private static final String JAIL = "fail";
    private static final String IP = "203.0.113.7";
    private static final String KEY = OffenderKey.of(JAIL, IP);
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final long FINDTIME_MS = Duration.ofMinutes(10).toMillis();
    private static final long BANTIME_MS = Duration.ofMinutes(1).toMillis();

    private final ProcessorFixture fixture = new ProcessorFixture(T0);
    private final JailRule rule = new JailRule(
            JAIL, new JailPolicy(3, Duration.ofMillis(FINDTIME_MS), Duration.ofMillis(BANTIME_MS)), List.of());
    private OffenderLedger ledger;

    @BeforeEach
    void init() {
        ledger = new OffenderLedger(fixture.context, JailRules.of(rule), fixture.options);
    }

    @Test
    void shouldIndexASavedStateWhenItsNewestOffenseLeavesFindtime() {
        OffenderLedger.Offender offender = failures(T0 - 5_000);

        ledger.save(offender, 1);

        assertThat(fixture.stores.offenders().get(KEY).failures()).isEqualTo(1);
        assertThat(indexEntries()).containsExactly(new ExpiryIndexKey(T0 - 5_000 + FINDTIME_MS, KEY));
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(1, 1, 0));
    }

    @Test
    void shouldOnlyMoveTheIndexEntryEarlier() {
        ledger.save(failures(T0 - 5_000), 1);

        OffenderLedger.Offender offender = ledger.find(JAIL, IP).orElseThrow();
        offender.state().record(T0, 2, "web-2", rule.offensesToKeep());
        ledger.save(offender, 1);

        assertThat(indexEntries())
                .as("a later due time leaves the entry: the punctuator re-files it")
                .containsExactly(new ExpiryIndexKey(T0 - 5_000 + FINDTIME_MS, KEY));
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(1, 2, 0));
    }

    @Test
    void shouldForgetAStateWithItsIndexEntry() {
        ledger.save(failures(T0), 1);

        ledger.forget(ledger.find(JAIL, IP).orElseThrow());

        assertThat(fixture.stores.offenders().get(KEY)).isNull();
        assertThat(indexEntries()).isEmpty();
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(0, 1, 0));
    }

    @Test
    void shouldForwardABanWithADecisionIdOfJailIpAndTime() {
        OffenderLedger.Offender offender = failures(T0);

        ledger.ban(offender, new BanOrder(BanSource.AUTO, "3 failures", null, BANTIME_MS, 3, List.of("web-1")));

        BanDecision ban = (BanDecision) fixture.valuesTo(BanTopology.BANS_SINK).get(0);
        assertThat(ban.getDecisionId()).isEqualTo(KEY + "@" + T0);
        assertThat(ban.getReason()).isEqualTo("3 failures");
        assertThat(ban.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + BANTIME_MS));
        assertThat(fixture.keysTo(BanTopology.ACTIVE_BANS_SINK)).containsExactly(KEY);
        assertThat(((ActiveBan) fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK).get(0)).getDecisionId())
                .isEqualTo(ban.getDecisionId());
        assertThat(fixture.stores.activeBans().get(KEY).expiresAt()).isEqualTo(T0 + BANTIME_MS);
        assertThat(offender.state().isBanned()).isTrue();
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(0, 0, 1));
        assertThat(fixture.context.committed()).isTrue();
    }

    @Test
    void shouldGiveDecisionsInOneMillisecondStrictlyLaterTimes() {
        OffenderLedger.Offender offender = failures(T0);

        ledger.ban(offender, new BanOrder(BanSource.MANUAL, "by hand", "alice@ops", -1, 0, List.of()));
        ledger.unban(offender, UnbanReason.MANUAL, "alice@ops");

        BanDecision ban = (BanDecision) fixture.valuesTo(BanTopology.BANS_SINK).get(0);
        assertThat(ban.getExpiresAt()).as("permanent").isNull();
        Unban unban = (Unban) fixture.valuesTo(BanTopology.UNBANS_SINK).get(0);
        assertThat(unban.getDecisionId()).isEqualTo(ban.getDecisionId());
        assertThat(unban.getUnbannedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1));
        assertThat(fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK))
                .containsExactly(fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK).get(0), null);
        assertThat(fixture.stores.activeBans().get(KEY)).isNull();
        assertThat(offender.state().isBanned()).isFalse();
    }

    @Test
    void shouldHandOverAStateOnceItsIndexEntryIsDue() {
        ledger.save(failures(T0 - 5_000), 1);
        long due = T0 - 5_000 + FINDTIME_MS;
        List<OffenderLedger.Offender> revisited = new ArrayList<>();

        ledger.revisitDue(due - 1, 10, revisited::add);
        assertThat(revisited).isEmpty();
        ledger.revisitDue(due, 10, revisited::add);

        assertThat(revisited).singleElement().satisfies(offender -> {
            assertThat(offender.jail()).isEqualTo(JAIL);
            assertThat(offender.ip()).isEqualTo(IP);
            assertThat(offender.state().failures()).isEqualTo(1);
        });
        assertThat(indexEntries())
                .as("taken off the index; the revisit saves or forgets the state")
                .isEmpty();
    }

    @Test
    void shouldLoadAnEmptyStateForAnUnknownKeyButFindNone() {
        assertThat(ledger.find(JAIL, IP)).isEmpty();
        assertThat(ledger.load(JAIL, IP, rule.offensesToKeep()).state().failures())
                .isZero();
        assertThat(fixture.stores.offenders().get(KEY))
                .as("loading alone stores nothing")
                .isNull();
    }

    private OffenderLedger.Offender failures(long eventTime) {
        OffenderLedger.Offender offender = ledger.load(JAIL, IP, rule.offensesToKeep());
        offender.state().record(eventTime, 1, "web-1", rule.offensesToKeep());
        return offender;
    }

    private List<ExpiryIndexKey> indexEntries() {
        List<ExpiryIndexKey> keys = new ArrayList<>();
        try (KeyValueIterator<ExpiryIndexKey, byte[]> all =
                fixture.stores.expiryIndex().all()) {
            all.forEachRemaining((KeyValue<ExpiryIndexKey, byte[]> entry) -> keys.add(entry.key));
        }
        return keys;
    }
}
