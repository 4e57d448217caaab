package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FanoutProgressTest {

    private final FanoutTally tally = new FanoutTally();

    @Test
    void shouldCountWhatWasDecidedAndWhatReachedEveryHostWhenAPhaseRanOutOfTime() {
        final List<String> ips = List.of("198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4");
        ips.forEach(tally::track);
        final Map<String, Long> decided = Map.of("198.18.0.1", 1_000L, "198.18.0.2", 1_500L, "198.18.0.3", 3_000L);
        applied("198.18.0.1", 3, 1_100);
        applied("198.18.0.2", 3, 1_900);
        applied("198.18.0.3", 2, 3_050);

        final FanoutProgress progress = FanoutProgress.of(ips, 3, tally, ip -> Optional.ofNullable(decided.get(ip)));

        assertThat(progress.complete()).isFalse();
        assertThat(progress.sent()).isEqualTo(4);
        assertThat(progress.decided()).isEqualTo(3);
        assertThat(progress.everywhere()).isEqualTo(2);
        assertThat(progress.fewestHosts()).isZero();
        assertThat(progress.decidedPerSecond()).as("3 decisions over 2 s").isEqualTo(1.5);
        assertThat(progress.latencies()).containsExactly(100, 400);
        assertThat(progress.quantile(0.99)).isEqualTo(400);
        assertThat(progress.reached()).isEqualTo("3 of 4 decided, 2 on every host, fewest hosts for one ban 0");
    }

    @Test
    void shouldBeCompleteWhenEveryBanReachedEveryHostAndHaveNoLatencyWhenNoneDid() {
        tally.track("198.18.0.1");
        applied("198.18.0.1", 2, 2_000);
        assertThat(FanoutProgress.of(List.of("198.18.0.1"), 2, tally, ip -> Optional.of(1_000L))
                        .complete())
                .isTrue();

        final FanoutProgress none = FanoutProgress.of(List.of("198.18.0.9"), 2, tally, ip -> Optional.empty());
        assertThat(none.complete()).isFalse();
        assertThat(none.quantile(0.5)).isNaN();
    }

    private void applied(String ip, int hosts, long atMillis) {
        for (int i = 0; i < hosts; i++) {
            tally.applied(ip, atMillis);
        }
    }
}
