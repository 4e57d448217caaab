package io.fleetban.bench;

import io.fleetban.bench.BenchLatencyTimeline.Stage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples per stage of {@code fleetban bench latency}, in milliseconds, and their percentiles by nearest rank
 * ({@link BanLatencyProbe#quantile}, as the coordinator bench reports them).
 */
final class BenchLatencyStats {

    /** One stage's figures; empty stages have {@code count} 0 and NaN figures. */
    record Summary(Stage stage, int count, double p50, double p99, double max) {

        /** One table row: label, count, p50, p99, max. */
        String row() {
            return String.format(Locale.ROOT, "  %-64s %5d %8.1f %8.1f %8.1f", stage.label(), count, p50, p99, max);
        }
    }

    static final String HEADER = String.format(
            Locale.ROOT, "  %-64s %5s %8s %8s %8s", "stage (ms, one wall clock)", "n", "p50", "p99", "max");

    private final Map<Stage, List<Double>> samples = new EnumMap<>(Stage.class);

    void add(Stage stage, double millis) {
        samples.computeIfAbsent(stage, s -> new ArrayList<>()).add(millis);
    }

    Summary summary(Stage stage) {
        double[] sorted = samples.getOrDefault(stage, List.of()).stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (sorted.length == 0) {
            return new Summary(stage, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(
                stage,
                sorted.length,
                BanLatencyProbe.quantile(sorted, 0.50),
                BanLatencyProbe.quantile(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    /** Every stage, in the order of {@link Stage}. */
    List<Summary> summaries() {
        List<Summary> all = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            all.add(summary(stage));
        }
        return all;
    }
}
