package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles and the benchmark's address ranges. */
class BanLatencyProbeTest {

    @Test
    void shouldTakeNearestRankQuantilesOfSortedLatencies() {
        double[] sorted = IntStream.rangeClosed(1, 200).asDoubleStream().toArray();

        assertThat(BanLatencyProbe.quantile(sorted, 0.50)).isEqualTo(100);
        assertThat(BanLatencyProbe.quantile(sorted, 0.99)).isEqualTo(198);
        assertThat(BanLatencyProbe.quantile(sorted, 1.0)).isEqualTo(200);
        assertThat(BanLatencyProbe.quantile(new double[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void shouldKeepLatencyTriesOutOfThePreloadedAddresses() {
        assertThat(BenchAddresses.preloaded(0)).isEqualTo("100.64.0.0");
        assertThat(BenchAddresses.preloaded(999_999)).isEqualTo("100.79.66.63");
        assertThat(BenchAddresses.preloaded(BenchAddresses.MAX_PRELOADED - 1)).isEqualTo("100.127.255.255");
        assertThat(BenchAddresses.latencyTry(0)).isEqualTo("198.18.0.0");
        assertThat(BenchAddresses.latencyTry(BenchAddresses.MAX_TRIES - 1)).isEqualTo("198.19.255.255");
    }
}
