package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.ActiveBanEntry;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The offense processor alone: counting by fail2ban's rule, what it refuses to count, and its expiry punctuation. */
class OffenseProcessorTest {

    private static final String JAIL = "fail";
    private static final String IP = "203.0.113.7";
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final Duration FINDTIME = Duration.ofMinutes(10);
    private static final Duration BANTIME = Duration.ofSeconds(60);
    private static final String KEY = OffenderKey.of(JAIL, IP);

    private final ProcessorFixture fixture = new ProcessorFixture(T0);
    private OffenseProcessor processor;
    private int ids;

    @BeforeEach
    void init() {
        JailRule rule = new JailRule(JAIL, new JailPolicy(3, FINDTIME, BANTIME), List.of(IpRange.parse("10.0.0.0/8")));
        processor = new OffenseProcessor(JailRules.of(rule), fixture.options);
        processor.init(fixture.context);
    }

    @Test
    void shouldScheduleBanExpiryOnWallClockTime() {
        assertThat(fixture.wallClockPunctuator(ProcessorFixture.EXPIRY_INTERVAL).getPunctuator())
                .isInstanceOf(BanExpiryPunctuator.class);
    }

    @Test
    void shouldCountOffensesBelowMaxretryWithoutForwarding() {
        offend(IP, "web-1", T0 - 1_000);
        offend(IP, "web-2", T0);

        assertThat(fixture.context.forwarded()).isEmpty();
        OffenderState state = fixture.stores.offenders().get(KEY);
        assertThat(state.failures()).isEqualTo(2);
        assertThat(state.distinctHosts()).containsExactlyInAnyOrder("web-1", "web-2");
        assertThat(state.isBanned()).isFalse();
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(1, 2, 0));
        assertThat(state.dueAt())
                .as("indexed when the first offense leaves findtime, then only moved earlier")
                .isEqualTo(T0 - 1_000 + FINDTIME.toMillis());
    }

    @Test
    void shouldBanAtMaxretryAndForwardTheDecisionAndTheActiveBan() {
        offend(IP, "web-1", T0);
        offend(IP, "web-2", T0);
        offend(IP, "web-1", T0);

        BanDecision ban = (BanDecision) single(fixture.valuesTo(BanTopology.BANS_SINK));
        assertThat(fixture.keysTo(BanTopology.BANS_SINK)).containsExactly(IP);
        assertThat(ban.getSource()).isEqualTo(BanSource.AUTO);
        assertThat(ban.getFailures()).isEqualTo(3);
        assertThat(ban.getDecisionId()).isEqualTo(KEY + "@" + T0);
        assertThat(ban.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + BANTIME.toMillis()));
        ActiveBan active = (ActiveBan) single(fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK));
        assertThat(active.getDecisionId()).isEqualTo(ban.getDecisionId());
        ActiveBanEntry entry = fixture.stores.activeBans().get(KEY);
        assertThat(entry.decisionId()).isEqualTo(ban.getDecisionId());
        assertThat(fixture.stores.offenders().get(KEY).isBanned()).isTrue();
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(0, 3, 1));
        assertThat(fixture.context.committed())
                .as("a decision asks for a commit")
                .isTrue();
        assertThat(fixture.events.events).containsExactly("banned fail AUTO");
    }

    @Test
    void shouldCountAResentOffenseOnce() {
        Offense first = offense(IP, "web-1", T0);
        process(first);
        process(first);
        process(first);

        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(fixture.stores.offenders().get(KEY).failures()).isEqualTo(1);
        assertThat(fixture.events.events).containsExactly("not counted fail DUPLICATE", "not counted fail DUPLICATE");
    }

    @Test
    void shouldNotCountOffensesOlderThanFindtimeOrFromIgnoredAddresses() {
        offend(IP, "web-1", T0 - FINDTIME.toMillis() - 1);
        offend("10.1.2.3", "web-1", T0);

        assertThat(fixture.stores.offenders().approximateNumEntries()).isZero();
        assertThat(fixture.stores.expiryIndex().approximateNumEntries()).isZero();
        assertThat(fixture.events.events).containsExactly("not counted fail TOO_OLD", "not counted fail IGNORED_IP");
    }

    @Test
    void shouldSkipRecordsItCannotCount() {
        process(offense("not-an-ip", "web-1", T0));
        process(Offense.newBuilder(offense(IP, "web-1", T0))
                .setJail("nosuchjail")
                .build());
        processor.process(new Record<>(IP, null, T0));

        assertThat(fixture.stores.offenders().approximateNumEntries()).isZero();
        assertThat(fixture.events.events)
                .containsExactly("skipped INVALID_IP", "skipped UNKNOWN_JAIL", "skipped NO_VALUE");
    }

    @Test
    void shouldCountAFutureOffenseAtNowAndReportTheSkew() {
        long twoHoursAhead = T0 + Duration.ofHours(2).toMillis();
        offend(IP, "web-9", twoHoursAhead);

        OffenderState state = fixture.stores.offenders().get(KEY);
        assertThat(state.newestEventTime()).isEqualTo(T0);
        assertThat(fixture.events.events).containsExactly("clock skewed fail web-9 7200000");
    }

    @Test
    void shouldKeepCountingInTheJailTotalWithoutASecondBanWhileBanned() {
        offend(IP, "web-1", T0);
        offend(IP, "web-1", T0);
        offend(IP, "web-1", T0);
        offend(IP, "web-1", T0);

        assertThat(fixture.valuesTo(BanTopology.BANS_SINK)).hasSize(1);
        assertThat(fixture.stores.jailTotals().get(JAIL)).isEqualTo(new JailTotals(0, 4, 1));
    }

    @Test
    void shouldUnbanWhenThePunctuationRunsAfterBantime() {
        banThenPunctuateAt(T0 + BANTIME.toMillis());

        Unban unban = (Unban) single(fixture.valuesTo(BanTopology.UNBANS_SINK));
        assertThat(unban.getDecisionId()).isEqualTo(KEY + "@" + T0);
        assertThat(unban.getReason()).isEqualTo(UnbanReason.EXPIRED);
        assertThat(fixture.keysTo(BanTopology.ACTIVE_BANS_SINK)).containsExactly(KEY);
        assertThat(fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK)).containsOnlyNulls();
        assertThat(fixture.stores.activeBans().get(KEY)).isNull();
        assertThat(fixture.stores.offenders().get(KEY).isBanned()).isFalse();
    }

    @Test
    void shouldNotUnbanBeforeBantimeEnds() {
        banThenPunctuateAt(T0 + BANTIME.toMillis() - 1);

        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(fixture.stores.activeBans().get(KEY)).isNotNull();
    }

    /** Bans {@link #IP} at T0 (maxretry offenses), forgets what that forwarded, then runs the expiry punctuation. */
    private void banThenPunctuateAt(long now) {
        for (int i = 0; i < 3; i++) {
            offend(IP, "web-1", T0);
        }
        fixture.context.resetForwards();
        fixture.advanceTo(now);
        fixture.wallClockPunctuator(ProcessorFixture.EXPIRY_INTERVAL)
                .getPunctuator()
                .punctuate(now);
    }

    private static <T> T single(List<T> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private void offend(String ip, String host, long eventTime) {
        process(offense(ip, host, eventTime));
    }

    private void process(Offense offense) {
        processor.process(new Record<>(offense.getIp(), offense, fixture.context.currentSystemTimeMs()));
    }

    private Offense offense(String ip, String host, long eventTime) {
        Instant now = Instant.ofEpochMilli(fixture.context.currentSystemTimeMs());
        return Offense.newBuilder()
                .setOffenseId(host + ":" + ++ids)
                .setJail(JAIL)
                .setIp(ip)
                .setHostId(host)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setIngestTime(now)
                .setSource("/var/log/app.log")
                .setLine("failed login from " + ip)
                .build();
    }
}
