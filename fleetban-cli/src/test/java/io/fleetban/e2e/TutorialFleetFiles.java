package io.fleetban.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One host's files for the tutorial fleet: the seed's filter and jail (bantime shortened) and its fleetban.conf. */
final class TutorialFleetFiles {

    private TutorialFleetFiles() {}

    /** Writes them under {@code dir} and returns the fleetban.conf; the broker and coordinator are on the core host. */
    static Path write(Path repo, Path dir, String hostId, NetnsFleet fleet, int bantimeSeconds) throws IOException {
        final Path fail2ban = Files.createDirectories(dir.resolve("fail2ban"));
        Files.createDirectories(fail2ban.resolve("filter.d"));
        Files.createDirectories(fail2ban.resolve("jail.d"));
        Files.copy(repo.resolve("examples/filter.d/fail.conf"), fail2ban.resolve("filter.d/fail.conf"));
        Files.copy(repo.resolve("examples/jail.d/fail.conf"), fail2ban.resolve("jail.d/fail.conf"));
        Files.writeString(
                fail2ban.resolve("jail.d/fail.local"),
                "[fail]\nlogpath = " + dir.resolve("fail.log") + "\nbantime = " + bantimeSeconds + "\n");
        final String core = fleet.address(NetnsFleet.CORE_HOST);
        final Path conf = dir.resolve("fleetban.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "[kafka]",
                        "bootstrap.servers = " + core + ":9092",
                        "topic.partitions = 3",
                        "[fail2ban]",
                        "config.dir = " + fail2ban,
                        "[shipper]",
                        "host.id = " + hostId,
                        "state.dir = " + dir.resolve("shipper-state"),
                        "[coordinator]",
                        "state.dir = " + dir.resolve("coordinator-state"),
                        "http.listen = " + core + ":7070",
                        // Only the test's own namespaces reach it.
                        "http.allow.insecure = true",
                        "[enforcer]",
                        "host.id = " + hostId,
                        "backend = ipset",
                        "status.interval = 1s",
                        ""));
        return conf;
    }
}
