package io.fleetban.bench;

import io.fleetban.kafka.KafkaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a benchmark coordinator starts from, written to the work directory: a fail2ban dir with one jail
 * ({@value OffensePreload#JAIL}: fail2ban's default maxretry 5, findtime 10m, bantime 10m, the tutorial's filter) and
 * a fleetban.conf pointing at the benchmark broker. The coordinator reads them exactly as in production.
 */
final class BenchCoordinatorFiles {

    static final int MAX_RETRY = 5;
    static final String APPLICATION_ID = "fleetban-bench-coordinator";
    private static final String FILTER_RESOURCE = "/examples/filter.d/fail.conf";

    private BenchCoordinatorFiles() {}

    /**
     * Writes both and returns fleetban.conf. {@code coordinatorSettings} are extra {@code [coordinator]} keys
     * ({@code key=value}) for tuning runs; they override the ones written here.
     */
    static Path write(
            Path workDir,
            String bootstrapServers,
            int partitions,
            int threads,
            Map<String, String> coordinatorSettings) {
        return write(
                workDir,
                bootstrapServers,
                partitions,
                KafkaSettings.DEFAULT_DECISION_PARTITIONS,
                threads,
                coordinatorSettings);
    }

    /** As {@link #write(Path, String, int, int, Map)}, with {@code decisionPartitions} partitions of bans and unbans. */
    static Path write(
            Path workDir,
            String bootstrapServers,
            int partitions,
            int decisionPartitions,
            int threads,
            Map<String, String> coordinatorSettings) {
        try {
            Path fail2ban = workDir.resolve("fail2ban");
            Files.createDirectories(fail2ban.resolve("filter.d"));
            Files.createDirectories(fail2ban.resolve("jail.d"));
            try (InputStream filter = BenchCoordinatorFiles.class.getResourceAsStream(FILTER_RESOURCE)) {
                if (filter == null) {
                    throw new IllegalStateException(FILTER_RESOURCE + " is missing from the fleetban jar");
                }
                Files.copy(filter, fail2ban.resolve("filter.d/fail.conf"));
            }
            Files.write(
                    fail2ban.resolve("jail.d/bench.conf"),
                    List.of(
                            "[" + OffensePreload.JAIL + "]",
                            "enabled = true",
                            "filter = fail",
                            "logpath = /var/log/app/fail.log",
                            "maxretry = " + MAX_RETRY,
                            "findtime = 10m",
                            "bantime = 10m"));
            Map<String, String> coordinator = new LinkedHashMap<>();
            coordinator.put("application.id", APPLICATION_ID);
            coordinator.put("state.dir", workDir.resolve("coordinator-state").toString());
            coordinator.put("http.listen", "127.0.0.1:0");
            coordinator.put("num.stream.threads", Integer.toString(threads));
            coordinator.putAll(coordinatorSettings);
            List<String> conf = new ArrayList<>(List.of(
                    "[kafka]",
                    "bootstrap.servers = " + bootstrapServers,
                    "topic.prefix = bench.",
                    "topic.partitions = " + partitions,
                    "decision.partitions = " + decisionPartitions,
                    "[fail2ban]",
                    "config.dir = " + fail2ban,
                    "[coordinator]"));
            coordinator.forEach((key, value) -> conf.add(key + " = " + value));
            Path fleetbanConf = workDir.resolve("fleetban.conf");
            Files.write(fleetbanConf, conf);
            return fleetbanConf;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark configuration in " + workDir, e);
        }
    }
}
