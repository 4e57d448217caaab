package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
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
class BanLedgerTest {

    private static final String JAIL = "fail";
    private static final String IP = "203.0.113.7";
    private static final String KEY = OffenderKey.of(JAIL, IP);
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final long FINDTIME_MS = Duration.ofMinutes(10).toMillis();
    private static final long BANTIME_MS = Duration.ofMinutes(1).toMillis();

    private final ProcessorFixture fixture = new ProcessorFixture(T0);
    private final JailRule rule = new JailRule(JAIL, new JailPolicy(3, Duration.ofMillis(FINDTIME_MS),
            Duration.ofMillis(BANTIME_MS)), List.of());
    private BanLedger ledger;

    @BeforeEach
    void init() {
        ledger = new BanLedger(fixture.context, JailRules.of(rule), fixture.options);
    }

    @Test
    void shouldIndexASavedStateWhenItsNewestOffenseLeavesFindtime() {
        OffenderState state = failures(T0 - 5_000);

        ledger.save(JAIL, KEY, state, false, 1);

        assertThat(fixture.stores.offenders().get(KEY).failures()).isEqualTo(1);
        assertThat(indexEntries()).containsExactly(new ExpiryIndexKey(T0 - 5_000 + FINDTIME_MS, KEY));
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(1, 1, 0));
    }

    @Test
    void shouldOnlyMoveTheIndexEntryEarlier() {
        OffenderState state = failures(T0 - 5_000);
        ledger.save(JAIL, KEY, state, false, 1);

        state.record(T0, 2, "web-2", rule.offensesToKeep());
        ledger.save(JAIL, KEY, state, true, 1);

        assertThat(indexEntries()).as("a later due time leaves the entry: the punctuator re-files it")
                .containsExactly(new ExpiryIndexKey(T0 - 5_000 + FINDTIME_MS, KEY));
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(1, 2, 0));
    }

    @Test
    void shouldForgetAStateWithItsIndexEntry() {
        OffenderState state = failures(T0);
        ledger.save(JAIL, KEY, state, false, 1);

        ledger.forget(JAIL, KEY, state, true);

        assertThat(fixture.stores.offenders().get(KEY)).isNull();
        assertThat(indexEntries()).isEmpty();
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(0, 1, 0));
    }

    @Test
    void shouldForwardABanWithADecisionIdOfJailIpAndTime() {
        OffenderState state = failures(T0);

        ledger.ban(JAIL, IP, state, new BanOrder(BanSource.AUTO, "3 failures", null, BANTIME_MS, 3,
                List.of("web-1")));

        BanDecision ban = (BanDecision) fixture.valuesTo(BanTopology.BANS_SINK).get(0);
        assertThat(ban.getDecisionId()).isEqualTo(KEY + "@" + T0);
        assertThat(ban.getReason()).isEqualTo("3 failures");
        assertThat(ban.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + BANTIME_MS));
        assertThat(fixture.keysTo(BanTopology.ACTIVE_BANS_SINK)).containsExactly(KEY);
        assertThat(((ActiveBan) fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK).get(0)).getDecisionId())
                .isEqualTo(ban.getDecisionId());
        assertThat(fixture.stores.activeBans().get(KEY).expiresAt()).isEqualTo(T0 + BANTIME_MS);
        assertThat(state.isBanned()).isTrue();
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(0, 0, 1));
        assertThat(fixture.context.committed()).isTrue();
    }

    @Test
    void shouldGiveDecisionsInOneMillisecondStrictlyLaterTimes() {
        OffenderState state = failures(T0);

        ledger.ban(JAIL, IP, state, new BanOrder(BanSource.MANUAL, "by hand", "alice@ops", -1, 0, List.of()));
        ledger.unban(JAIL, IP, state, UnbanReason.MANUAL, "alice@ops");

        BanDecision ban = (BanDecision) fixture.valuesTo(BanTopology.BANS_SINK).get(0);
        assertThat(ban.getExpiresAt()).as("permanent").isNull();
        Unban unban = (Unban) fixture.valuesTo(BanTopology.UNBANS_SINK).get(0);
        assertThat(unban.getDecisionId()).isEqualTo(ban.getDecisionId());
        assertThat(unban.getUnbannedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1));
        assertThat(fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK)).containsExactly(
                fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK).get(0), null);
        assertThat(fixture.stores.activeBans().get(KEY)).isNull();
        assertThat(state.isBanned()).isFalse();
    }

    private OffenderState failures(long eventTime) {
        OffenderState state = OffenderState.empty(rule.offensesToKeep());
        state.record(eventTime, 1, "web-1", rule.offensesToKeep());
        return state;
    }

    private List<ExpiryIndexKey> indexEntries() {
        List<ExpiryIndexKey> keys = new ArrayList<>();
        try (KeyValueIterator<ExpiryIndexKey, byte[]> all = fixture.stores.expiryIndex().all()) {
            all.forEachRemaining((KeyValue<ExpiryIndexKey, byte[]> entry) -> keys.add(entry.key));
        }
        return keys;
    }
}
