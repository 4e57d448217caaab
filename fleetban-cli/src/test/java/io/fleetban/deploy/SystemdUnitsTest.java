package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The systemd units in deploy/systemd: valid for systemd, unprivileged, and only the enforcer may touch the firewall. */
class SystemdUnitsTest {

    private static final Path UNITS = Path.of(System.getProperty("fleetban.repo", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("deploy/systemd");

    static Stream<Path> units() throws IOException {
        try (Stream<Path> files = Files.list(UNITS)) {
            return files.filter(p -> p.toString().endsWith(".service")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("units")
    void shouldHaveNothingSystemdWouldIgnore(Path unit) {
        assumeTrue(Commands.available("systemd-analyze"), "systemd-analyze is not installed");
        final Commands.Result result = Commands.run(UNITS, "systemd-analyze", "verify", "--man=no", unit.toString());
        // The one complaint allowed: the package is not installed on the machine running the tests.
        final List<String> complaints = result.output()
                .lines()
                .filter(l -> !l.contains("/usr/bin/fleetban is not executable"))
                .toList();
        assertThat(complaints).as(unit.getFileName().toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("units")
    void shouldRunUnprivilegedWithoutNewPrivileges(Path unit) throws IOException {
        final List<String> lines = Files.readAllLines(unit);
        assertThat(lines)
                .as(unit.getFileName().toString())
                .contains("User=fleetban", "NoNewPrivileges=yes", "ProtectSystem=strict", "RestrictNamespaces=yes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fleetban-coordinator.service", "fleetban-shipper.service"})
    void shouldGiveNoCapabilityToAgentsThatDoNotEnforce(String unit) throws IOException {
        assertThat(Files.readAllLines(UNITS.resolve(unit))).contains("CapabilityBoundingSet=", "AmbientCapabilities=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CapabilityBoundingSet", "AmbientCapabilities"})
    void shouldGiveTheEnforcerOnlyNetworkAdministration(String key) throws IOException {
        // CAP_NET_RAW only because iptables-legacy opens a raw socket to read and replace its tables.
        assertThat(Files.readAllLines(UNITS.resolve("fleetban-enforcer.service")))
                .contains(key + "=CAP_NET_ADMIN CAP_NET_RAW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "enforcer", "shipper"})
    void shouldRunTheCommandThePackageInstalls(String role) throws IOException {
        assertThat(Files.readAllLines(UNITS.resolve("fleetban-" + role + ".service")))
                .contains("ExecStart=/usr/bin/fleetban " + role + " -c /etc/fleetban/fleetban.conf");
    }

    @ParameterizedTest
    @MethodSource("units")
    void shouldLeaveTheJvmFlagsToTheLauncher(Path unit) throws IOException {
        assertThat(Files.readAllLines(unit))
                .as(unit.getFileName().toString())
                .noneMatch(l -> l.startsWith("Environment=") && l.contains("FLEETBAN_JAVA_OPTS"));
    }

    @ParameterizedTest
    @MethodSource("units")
    void shouldStartWhereAReadOnlyPathIsMissing(Path unit) throws IOException {
        // Without "-", a missing path (no /etc/fail2ban on a coordinator host) fails the start with 226/NAMESPACE.
        final List<String> paths = Files.readAllLines(unit).stream()
                .filter(l -> l.startsWith("ReadOnlyPaths="))
                .flatMap(l -> List.of(l.substring("ReadOnlyPaths=".length()).split("\\s+")).stream())
                .toList();
        assertThat(paths).as(unit.getFileName().toString()).isNotEmpty().allMatch(p -> p.startsWith("-/"));
    }

    @Test
    void shouldKeepTheShipperInGroupFleetbanToReadItsConfig() throws IOException {
        // Group=adm would replace the primary group fleetban: /etc/fleetban/fleetban.conf (0640 root:fleetban)
        // unreadable.
        assertThat(Files.readAllLines(UNITS.resolve("fleetban-shipper.service")))
                .contains("SupplementaryGroups=adm")
                .noneMatch(l -> l.startsWith("Group="));
    }

    @Test
    void shouldLetTheEnforcerTakeTheIptablesLegacyLock() throws IOException {
        // iptables-legacy opens /run/xtables.lock itself: under ProtectSystem=strict it cannot create it, and as user
        // fleetban it cannot open root's 0600 file.
        assertThat(Files.readAllLines(UNITS.resolve("fleetban-enforcer.service")))
                .anyMatch(l -> l.startsWith("ExecStartPre=+")
                        && l.contains("/run/xtables.lock")
                        && l.contains("chgrp fleetban"));
    }

    @ParameterizedTest
    @MethodSource("units")
    void shouldCountAStopAsSuccess(Path unit) throws IOException {
        // Without it, every systemctl stop (SIGTERM: the JVM exits 143) leaves the unit "failed".
        assertThat(Files.readAllLines(unit)).as(unit.getFileName().toString()).contains("SuccessExitStatus=143");
    }
}
