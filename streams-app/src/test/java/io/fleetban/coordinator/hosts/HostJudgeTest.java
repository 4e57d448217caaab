package io.fleetban.coordinator.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.AppliedPartition;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.FirewallStatus;
import io.fleetban.status.BanSetDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HostJudgeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final TopicPartition BANS_0 = new TopicPartition("fleetban.bans", 0);
    private static final TopicPartition UNBANS_0 = new TopicPartition("fleetban.unbans", 0);
    private static final String FLEET = BanSetDigest.of(Stream.of("fail/203.0.113.7"));

    /** Judged with the ends unchanged since long before the status: every decision behind it was due. */
    private static HostView judge(
            EnforcerStatus status, Map<TopicPartition, Long> endsNow, String fleetDigest, Instant now) {
        return HostJudge.judge(status, endsNow, at -> Optional.of(endsNow), fleetDigest, now);
    }

    /** Judged at T0, against the fleet's set, with the ends as {@code timeline} saw them. */
    private static HostView judge(
            EnforcerStatus status, Map<TopicPartition, Long> endsNow, DecisionEndTimeline timeline) {
        return HostJudge.judge(status, endsNow, timeline::asOf, FLEET, T0);
    }

    @Test
    void aHostThatAppliedEverythingCommittedBeforeItsStatusButNotTheNewestIsKeepingUp() {
        DecisionEndTimeline timeline = new DecisionEndTimeline(Duration.ofMinutes(30));
        timeline.record(T0.minusSeconds(5), Map.of(BANS_0, 9L, UNBANS_0, 4L));
        timeline.record(T0.minusSeconds(2), Map.of(BANS_0, 10L, UNBANS_0, 4L));
        timeline.record(T0.minusSeconds(1), Map.of(BANS_0, 12L, UNBANS_0, 4L));

        HostView host = judge(status(T0, 10, 4, FLEET, true), Map.of(BANS_0, 15L, UNBANS_0, 4L), timeline);

        assertThat(host.state()).isEqualTo("keeping-up");
        assertThat(host.behind()).as("still counted against the ends now").isEqualTo(5);
    }

    @Test
    void aHostMissingADecisionCommittedTwoSecondsBeforeItsStatusIsLagging() {
        DecisionEndTimeline timeline = new DecisionEndTimeline(Duration.ofMinutes(30));
        timeline.record(T0.minusSeconds(3), Map.of(BANS_0, 11L, UNBANS_0, 4L));

        HostView host = judge(status(T0, 10, 4, FLEET, true), Map.of(BANS_0, 15L, UNBANS_0, 4L), timeline);

        assertThat(host.state()).isEqualTo("lagging");
        assertThat(host.behind()).isEqualTo(5);
    }

    @Test
    void withoutASampleFromBeforeItsStatusAHostBehindTheEndsNowIsKeepingUpNotLagging() {
        DecisionEndTimeline timeline = new DecisionEndTimeline(Duration.ofMinutes(30));
        timeline.record(T0.minusSeconds(1), Map.of(BANS_0, 10L, UNBANS_0, 4L));

        HostView host = judge(status(T0, 8, 4, FLEET, true), Map.of(BANS_0, 12L, UNBANS_0, 4L), timeline);

        assertThat(host.state())
                .as("no evidence of lag: this instance started after its status")
                .isEqualTo("keeping-up");
        assertThat(host.behind()).isEqualTo(4);
    }

    @Test
    void aHostThatAppliedEverythingAndHoldsTheFleetsSetIsInSync() {
        HostView host =
                judge(status(T0, 10, 4, FLEET, true), Map.of(BANS_0, 10L, UNBANS_0, 4L), FLEET, T0.plusSeconds(5));

        assertThat(host.state()).isEqualTo("in-sync");
        assertThat(host.behind()).isZero();
        assertThat(host.sameAsFleet()).isTrue();
    }

    @Test
    void aHostBehindOnAPartitionIsLaggingByTheOffsetsItMissed() {
        HostView host = judge(status(T0, 7, 4, FLEET, true), Map.of(BANS_0, 10L, UNBANS_0, 5L), FLEET, T0);

        assertThat(host.state()).isEqualTo("lagging");
        assertThat(host.behind()).isEqualTo(4);
    }

    @Test
    void aHostSilentForThreeIntervalsIsMissingWhateverItLastSaid() {
        EnforcerStatus status = status(T0, 10, 4, FLEET, true);

        assertThat(judge(status, Map.of(BANS_0, 10L), FLEET, T0.plusSeconds(30)).state())
                .isEqualTo("in-sync");
        assertThat(judge(status, Map.of(BANS_0, 10L), FLEET, T0.plusMillis(30_001))
                        .state())
                .isEqualTo("missing");
    }

    @Test
    void aHostWhoseFirewallFailsIsUnhealthyEvenWhenCaughtUp() {
        assertThat(judge(status(T0, 10, 4, FLEET, false), Map.of(BANS_0, 10L), FLEET, T0)
                        .state())
                .isEqualTo("unhealthy");
    }

    @Test
    void aCaughtUpHostWithAnotherSetDiffers() {
        HostView host = judge(status(T0, 10, 4, BanSetDigest.of(Stream.empty()), true), Map.of(BANS_0, 10L), FLEET, T0);

        assertThat(host.state()).isEqualTo("differs");
        assertThat(host.sameAsFleet()).isFalse();
    }

    @Test
    void aPartitionTheHostNeverReportedCountsFromTheStart() {
        assertThat(HostJudge.behind(status(T0, 10, 4, FLEET, true), Map.of(new TopicPartition("fleetban.bans", 1), 3L)))
                .isEqualTo(3);
    }

    /** web-1 publishing every 10 s, applied up to {@code bans} on bans-0 and {@code unbans} on unbans-0. */
    static EnforcerStatus status(Instant at, long bans, long unbans, String digest, boolean healthy) {
        return EnforcerStatus.newBuilder()
                .setHostId("web-1")
                .setVersion("1.0")
                .setStartedAt(at.minusSeconds(60))
                .setPublishedAt(at)
                .setStatusIntervalMs(10_000)
                .setPartitions(List.of(
                        new AppliedPartition("fleetban.bans", 0, bans, at),
                        new AppliedPartition("fleetban.unbans", 0, unbans, at)))
                .setRecentBans(List.of())
                .setSets(List.of())
                .setBanCount(1)
                .setBanSetDigest(digest)
                .setFirewall(new FirewallStatus(healthy, null, null, null))
                .build();
    }
}
