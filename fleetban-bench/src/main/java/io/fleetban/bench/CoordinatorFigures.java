package io.fleetban.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/** The lines {@code bench coordinator} prints about a coordinator's ban latency and footprint. */
final class CoordinatorFigures {

    private static final double MIB = 1024.0 * 1024.0;

    private CoordinatorFigures() {}

    static void printLatency(
            PrintWriter out, String condition, BanLatencyProbe.Latencies latencies, ChildJvm coordinator) {
        double[] total = latencies.total();
        double[] toDecision = latencies.toDecision();
        out.printf(
                Locale.ROOT,
                "ban latency, %s, over %d tries: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms,"
                        + " min %.1f ms (sent to decided: p50 %.0f ms, p99 %.0f ms, max %.0f ms); peak RSS now %.0f MiB%n",
                condition,
                total.length,
                BanLatencyProbe.quantile(total, 0.50),
                BanLatencyProbe.quantile(total, 0.90),
                BanLatencyProbe.quantile(total, 0.99),
                total[total.length - 1],
                total[0],
                BanLatencyProbe.quantile(toDecision, 0.50),
                BanLatencyProbe.quantile(toDecision, 0.99),
                toDecision[toDecision.length - 1],
                coordinator.peakRssBytes() / MIB);
    }

    static void printFootprint(PrintWriter out, ChildJvm coordinator, Path workDir, Admin admin) throws Exception {
        Optional<long[]> heap = coordinator.heapUsedAndCommitted();
        out.printf(
                Locale.ROOT,
                "coordinator process: peak RSS %.0f MiB, RSS now %.0f MiB, heap %s%n",
                coordinator.peakRssBytes() / MIB,
                coordinator.rssBytes() / MIB,
                heap.map(h -> String.format(Locale.ROOT, "used %.0f MiB of %.0f MiB committed", h[0] / MIB, h[1] / MIB))
                        .orElse("unknown (no jcmd)"));
        // RocksDB keeps recent writes in its memtables (half of rocksdb.memory): a small state may not be on disk yet.
        out.printf(
                Locale.ROOT,
                "state: %.1f MiB on disk (RocksDB files and checkpoints); changelog topics %.1f MiB"
                        + " on the broker%n",
                WorkDir.size(workDir.resolve("coordinator-state")) / MIB,
                BenchBroker.changelogBytes(admin, BenchCoordinatorFiles.APPLICATION_ID) / MIB);
        out.flush();
    }
}
