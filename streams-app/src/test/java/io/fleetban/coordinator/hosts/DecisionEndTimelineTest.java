package io.fleetban.coordinator.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DecisionEndTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    private static final TopicPartition BANS_0 = new TopicPartition("fleetban.bans", 0);

    private final DecisionEndTimeline timeline = new DecisionEndTimeline(Duration.ofMinutes(30));

    @Test
    void answersWithTheNewestSampleNotAfterTheInstantAsked() {
        timeline.record(T0, Map.of(BANS_0, 10L));
        timeline.record(T0.plusSeconds(1), Map.of(BANS_0, 10L));
        timeline.record(T0.plusSeconds(2), Map.of(BANS_0, 12L));

        assertThat(timeline.asOf(T0.minusMillis(1))).as("before every sample").isEmpty();
        assertThat(timeline.asOf(T0)).contains(Map.of(BANS_0, 10L));
        assertThat(timeline.asOf(T0.plusMillis(1_999)))
                .as("unchanged since the first sample")
                .contains(Map.of(BANS_0, 10L));
        assertThat(timeline.asOf(T0.plusSeconds(60))).contains(Map.of(BANS_0, 12L));
    }

    @Test
    void dropsASampleOlderThanTheNewest() {
        timeline.record(T0.plusSeconds(2), Map.of(BANS_0, 12L));
        timeline.record(T0.plusSeconds(1), Map.of(BANS_0, 10L));

        assertThat(timeline.asOf(T0.plusSeconds(1))).isEmpty();
        assertThat(timeline.asOf(T0.plusSeconds(3))).contains(Map.of(BANS_0, 12L));
    }

    @Test
    void forgetsSamplesOlderThanItKeepsButNeverTheNewest() {
        timeline.record(T0, Map.of(BANS_0, 10L));
        timeline.record(T0.plusSeconds(60), Map.of(BANS_0, 11L));
        timeline.record(T0.plus(Duration.ofMinutes(45)), Map.of(BANS_0, 11L));

        assertThat(timeline.asOf(T0.plusSeconds(30)))
                .as("older than 30 min at the last sample")
                .isEmpty();
        assertThat(timeline.asOf(T0.plusSeconds(61)))
                .as("the newest change is kept however old")
                .contains(Map.of(BANS_0, 11L));
    }
}
