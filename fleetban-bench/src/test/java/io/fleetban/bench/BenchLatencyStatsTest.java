package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.bench.BenchLatencyTimeline.Stage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchLatencyStatsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T16:00:00Z");

    @Test
    void shouldTakeP50AndP99ByNearestRankAndTheMaximum() {
        BenchLatencyStats stats = new BenchLatencyStats();
        for (int i = 200; i >= 1; i--) {
            stats.add(Stage.LINE_TO_LAST_APPLIED, i);
        }

        BenchLatencyStats.Summary summary = stats.summary(Stage.LINE_TO_LAST_APPLIED);

        assertThat(summary.count()).isEqualTo(200);
        assertThat(summary.p50()).isEqualTo(100.0);
        assertThat(summary.p99()).isEqualTo(198.0);
        assertThat(summary.max()).isEqualTo(200.0);
    }

    @Test
    void shouldReportAStageWithoutSamplesAsEmptyNotAsZero() {
        BenchLatencyStats.Summary summary = new BenchLatencyStats().summary(Stage.POLLED_TO_APPLIED);

        assertThat(summary.count()).isZero();
        assertThat(summary.p50()).isNaN();
        assertThat(summary.row()).contains("polled -> applied").contains("NaN");
    }

    @Test
    void shouldSplitOneBanIntoStagesOnOneClockWithTheLastHostEndingTheEndToEndTime() {
        BenchLatencyTimeline ban = new BenchLatencyTimeline(
                "198.18.0.1",
                T0,
                Optional.of(at(8)),
                Optional.of(at(10.5)),
                Optional.of(at(20)),
                Optional.of(at(40)),
                Map.of("h1", at(41), "h2", at(39.5)),
                Map.of("h1", at(45), "h2", at(52.25)));
        BenchLatencyStats stats = new BenchLatencyStats();

        ban.addTo(stats, 2);

        assertThat(ban.complete(2)).isTrue();
        assertThat(stats.summary(Stage.LINE_TO_OFFENSE_SENT).p50()).isEqualTo(8.0);
        assertThat(stats.summary(Stage.OFFENSE_SENT_TO_READABLE).p50()).isEqualTo(2.5);
        assertThat(stats.summary(Stage.OFFENSE_TO_BAN_PRODUCED).p50()).isEqualTo(9.5);
        assertThat(stats.summary(Stage.BAN_PRODUCED_TO_READABLE).p50()).isEqualTo(20.0);
        assertThat(stats.summary(Stage.OFFENSE_TO_BAN_READABLE).p50()).isEqualTo(29.5);
        // An enforcer may poll a ban before the bench's own consumer sees it: a negative stage, kept as measured.
        assertThat(stats.summary(Stage.BAN_READABLE_TO_POLLED).count()).isEqualTo(2);
        assertThat(stats.summary(Stage.BAN_READABLE_TO_POLLED).p50()).isEqualTo(-0.5);
        assertThat(stats.summary(Stage.POLLED_TO_APPLIED).max()).isEqualTo(12.75);
        assertThat(stats.summary(Stage.BAN_READABLE_TO_LAST_APPLIED).p50()).isEqualTo(12.25);
        assertThat(stats.summary(Stage.LINE_TO_APPLIED).count()).isEqualTo(2);
        assertThat(stats.summary(Stage.LINE_TO_LAST_APPLIED).p50()).isEqualTo(52.25);
    }

    @Test
    void shouldLeaveABanMissingOnAHostOutOfTheEndToEndFigures() {
        BenchLatencyTimeline ban = new BenchLatencyTimeline(
                "198.18.0.2",
                T0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(at(40)),
                Map.of("h1", at(41)),
                Map.of("h1", at(45)));
        BenchLatencyStats stats = new BenchLatencyStats();

        ban.addTo(stats, 2);

        assertThat(ban.complete(2)).isFalse();
        assertThat(stats.summary(Stage.LINE_TO_APPLIED).count()).isEqualTo(1);
        assertThat(stats.summary(Stage.LINE_TO_LAST_APPLIED).count()).isZero();
        assertThat(stats.summary(Stage.LINE_TO_OFFENSE_SENT).count()).isZero();
    }

    private static Instant at(double millis) {
        return T0.plusNanos(Math.round(millis * 1e6));
    }
}
