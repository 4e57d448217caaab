package io.fleetban.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files a benchmark shipper starts from, in the work directory: a fail2ban dir with the tutorial jail
 * ({@value #SEED_JAIL}: examples/filter.d/fail.conf on {@code logs/seed.log}) and, when Debian's filter is at hand,
 * an sshd jail ({@value #SSHD_JAIL}: filter.d/sshd.conf and common.conf copied from that fail2ban dir into the work
 * directory, never into fleetban, on {@code logs/auth.log}); and a fleetban.conf pointing at the benchmark broker.
 * The shipper reads them exactly as in production. Both logs exist, empty, before the shipper starts: a case
 * starts when its generated file is renamed over one of them.
 */
final class BenchShipperFiles {

    static final String SEED_JAIL = "bench-seed";
    static final String SSHD_JAIL = "bench-sshd";
    static final String HOST_ID = "bench-1";
    private static final String SEED_FILTER_RESOURCE = "/examples/filter.d/fail.conf";
    /** Debian's sshd filter and the file it includes ({@code before = common.conf}). */
    private static final List<String> SSHD_FILTER_FILES = List.of("sshd.conf", "common.conf");

    /** Where the files went: fleetban.conf, and the log each case renames its generated file over. */
    record Written(Path fleetbanConf, Path seedLog, Optional<Path> authLog) {}

    private BenchShipperFiles() {}

    /** The sshd filter of {@code fail2banDir}, when present. */
    static Optional<Path> sshdFilterDir(Path fail2banDir) {
        Path filterDir = fail2banDir.resolve("filter.d");
        return SSHD_FILTER_FILES.stream().allMatch(name -> Files.isRegularFile(filterDir.resolve(name)))
                ? Optional.of(filterDir)
                : Optional.empty();
    }

    /**
     * Writes everything. {@code sshdFilterDir}: where sshd.conf comes from (empty: no sshd jail);
     * {@code shipperSettings}: extra {@code [shipper]} keys for tuning runs, overriding the ones written here;
     * {@code kafkaSettings}: extra {@code [kafka]} keys (client settings such as producer overrides).
     */
    static Written write(
            Path workDir,
            String bootstrapServers,
            int partitions,
            Optional<Path> sshdFilterDir,
            Map<String, String> shipperSettings,
            Map<String, String> kafkaSettings) {
        try {
            Path fail2ban = workDir.resolve("fail2ban");
            Path filters = Files.createDirectories(fail2ban.resolve("filter.d"));
            Files.createDirectories(fail2ban.resolve("jail.d"));
            Path logs = Files.createDirectories(workDir.resolve("logs"));
            copySeedFilter(filters.resolve("fail.conf"));
            Path seedLog = Files.createFile(logs.resolve("seed.log"));
            List<String> jails = new ArrayList<>(jail(SEED_JAIL, "fail", seedLog));
            Optional<Path> authLog = Optional.empty();
            if (sshdFilterDir.isPresent()) {
                for (String name : SSHD_FILTER_FILES) {
                    Files.copy(sshdFilterDir.get().resolve(name), filters.resolve(name));
                }
                authLog = Optional.of(Files.createFile(logs.resolve("auth.log")));
                jails.addAll(jail(SSHD_JAIL, "sshd", authLog.get()));
            }
            Files.write(fail2ban.resolve("jail.d/bench.conf"), jails);
            Path conf = workDir.resolve("fleetban.conf");
            Files.write(
                    conf,
                    fleetbanConf(workDir, bootstrapServers, partitions, fail2ban, shipperSettings, kafkaSettings));
            return new Written(conf, seedLog, authLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark configuration in " + workDir, e);
        }
    }

    private static List<String> jail(String name, String filter, Path log) {
        return List.of("[" + name + "]", "enabled = true", "filter = " + filter, "logpath = " + log);
    }

    private static List<String> fleetbanConf(
            Path workDir,
            String bootstrapServers,
            int partitions,
            Path fail2ban,
            Map<String, String> shipperSettings,
            Map<String, String> kafkaSettings) {
        Map<String, String> shipper = new LinkedHashMap<>();
        shipper.put("host.id", HOST_ID);
        shipper.put("state.dir", workDir.resolve("shipper-state").toString());
        // The generated dates are UTC wall-clock text; reading them as UTC keeps every line's time in the past.
        shipper.put("log.timezone", "UTC");
        // The bench reads the producer's request count there; port 0: the shipper logs the port it got.
        shipper.put("metrics.listen", "127.0.0.1:0");
        shipper.putAll(shipperSettings);
        List<String> conf = new ArrayList<>(List.of(
                "[kafka]",
                "bootstrap.servers = " + bootstrapServers,
                "topic.prefix = bench.",
                "topic.partitions = " + partitions));
        kafkaSettings.forEach((key, value) -> conf.add(key + " = " + value));
        conf.addAll(List.of("[fail2ban]", "config.dir = " + fail2ban, "[shipper]"));
        shipper.forEach((key, value) -> conf.add(key + " = " + value));
        return conf;
    }

    private static void copySeedFilter(Path target) throws IOException {
        try (InputStream filter = BenchShipperFiles.class.getResourceAsStream(SEED_FILTER_RESOURCE)) {
            if (filter == null) {
                throw new IllegalStateException(SEED_FILTER_RESOURCE + " is missing from the fleetban jar");
            }
            Files.copy(filter, target);
        }
    }
}
