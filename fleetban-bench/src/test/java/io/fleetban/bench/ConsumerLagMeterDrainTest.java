package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's rate and CPU arithmetic over committed-offset samples. */
class ConsumerLagMeterDrainTest {

    private static final long SECOND = 1_000_000_000L;

    // 1,000 offenses: a slow start (100 in the first 2 s), then 100 per second; CPU 0.5 s per wall second.
    private final ConsumerLagMeter.Drain drain = new ConsumerLagMeter.Drain(
            0,
            1_000,
            List.of(
                    new ConsumerLagMeter.Sample(1 * SECOND, 0, 0, 0),
                    new ConsumerLagMeter.Sample(3 * SECOND, 100, SECOND, SECOND / 2),
                    new ConsumerLagMeter.Sample(7 * SECOND, 500, 3 * SECOND, SECOND),
                    new ConsumerLagMeter.Sample(11 * SECOND, 950, 5 * SECOND, 2 * SECOND),
                    new ConsumerLagMeter.Sample(12 * SECOND, 1_000, 5 * SECOND, 2 * SECOND)),
            0);

    @Test
    void aSecondPassIsMeasuredOnItsOwnBacklogFromTheFirstPassesEnd() {
        // The warm pass: 1,000 more offenses after the first 1,000, 200 per second from the start.
        ConsumerLagMeter.Drain warm = new ConsumerLagMeter.Drain(
                1_000,
                2_000,
                List.of(
                        new ConsumerLagMeter.Sample(20 * SECOND, 1_000, 0, 0),
                        new ConsumerLagMeter.Sample(21 * SECOND, 1_200, 0, 0),
                        new ConsumerLagMeter.Sample(23 * SECOND, 1_600, 0, 0),
                        new ConsumerLagMeter.Sample(25 * SECOND, 2_000, 0, 0)),
                20 * SECOND);

        assertThat(warm.drained()).isEqualTo(1_000);
        assertThat(warm.sustainedRate())
                .as("between 1,600 (first sample past 1,500) and 2,000")
                .isCloseTo(400.0 / 2, within(1e-9));
        assertThat(warm.secondsToFirstCommit()).isCloseTo(1.0, within(1e-9));
        assertThat(warm.secondsToDrain()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void shouldTakeTheSustainedRateBetweenHalfAndNinetyFivePercentOfTheBacklog() {
        assertThat(drain.sustainedRate()).isCloseTo(450.0 / 4, within(1e-9));
    }

    @Test
    void shouldLeaveStartUpOutOfTheSustainedRateButNotOutOfTheTenths() {
        assertThat(drain.rateBetween(0.0, 0.1)).isCloseTo(100.0 / 2, within(1e-9));
        assertThat(drain.secondsToFirstCommit()).isCloseTo(3.0, within(1e-9));
        assertThat(drain.secondsToDrain()).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void shouldCountOffensesPerCoordinatorCpuSecondAndBusyCoresOverTheSameWindow() {
        double[] cpu = drain.cpuFigures();

        assertThat(cpu[0]).isCloseTo(450.0 / 2, within(1e-9));
        assertThat(cpu[1]).isCloseTo(2.0 / 4, within(1e-9));
        assertThat(cpu[2]).isCloseTo(1.0 / 4, within(1e-9));
    }
}
