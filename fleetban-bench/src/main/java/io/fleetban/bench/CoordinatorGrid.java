package io.fleetban.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench coordinator --grid}: the same run for every shape of a coordinator deployment (instances x stream
 * threads x partitions), one after the other, each on a fresh broker and topics so that no shape inherits another's
 * state, changelogs or page cache; then one table row per shape.
 */
final class CoordinatorGrid {

    /** Which shapes. */
    enum Size {
        /** 1, 2 and 3 instances x 1 and 2 threads x 6 and 12 partitions: twelve runs. */
        FULL(List.of(1, 2, 3), List.of(1, 2), List.of(6, 12)),
        /** 1 and 2 instances x 1 thread x 2 partitions: two runs, to check the bench itself. */
        SHORT(List.of(1, 2), List.of(1), List.of(2));

        private final List<Shape> shapes = new ArrayList<>();

        Size(List<Integer> instances, List<Integer> threads, List<Integer> partitions) {
            for (int p : partitions) {
                for (int i : instances) {
                    for (int t : threads) {
                        shapes.add(new Shape(i, t, p));
                    }
                }
            }
        }

        List<Shape> shapes() {
            return List.copyOf(shapes);
        }
    }

    /** A deployment: coordinator instances of one application id, stream threads each, partitions of every topic. */
    record Shape(int instances, int threads, int partitions) {}

    /** One run of the bench on a fresh broker. */
    @FunctionalInterface
    interface Run {
        BenchCoordinatorCommand.Result on(Shape shape) throws Exception;
    }

    static final String HEADER = "| instances | threads | partitions | offenses/s | offenses per coordinator CPU-s"
            + " | ban p99 idle (ms) | ban p99 under load (ms) | run (s) | load average after |";

    private CoordinatorGrid() {}

    /** Runs every shape of {@code size}, printing each run's own lines, a row after each, and the table at the end. */
    static List<String> run(PrintWriter out, Size size, Run run) throws Exception {
        List<String> rows = new ArrayList<>();
        long start = System.nanoTime();
        List<Shape> shapes = size.shapes();
        for (Shape shape : shapes) {
            out.printf(Locale.ROOT, "grid: shape %d of %d: %s%n", rows.size() + 1, shapes.size(), shape);
            out.flush();
            long runStart = System.nanoTime();
            BenchCoordinatorCommand.Result result = run.on(shape);
            rows.add(row(shape, result, (System.nanoTime() - runStart) / 1e9, LoadAverage.read()));
            out.println("grid row: " + rows.get(rows.size() - 1));
            out.flush();
        }
        out.printf(Locale.ROOT, "grid: %d runs in %.0f s%n", rows.size(), (System.nanoTime() - start) / 1e9);
        out.println(HEADER);
        out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(out::println);
        out.flush();
        return rows;
    }

    static String row(Shape shape, BenchCoordinatorCommand.Result result, double seconds, String load) {
        return String.format(
                Locale.ROOT,
                "| %d | %d | %d | %,.0f | %,.0f | %.0f | %s | %.0f | %s |",
                shape.instances(),
                shape.threads(),
                shape.partitions(),
                result.rate(),
                result.perCpuSecond(),
                result.idleP99(),
                Double.isNaN(result.loadP99()) ? "-" : String.format(Locale.ROOT, "%.0f", result.loadP99()),
                seconds,
                load);
    }
}
