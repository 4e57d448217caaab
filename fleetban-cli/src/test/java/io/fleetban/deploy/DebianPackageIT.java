package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code fleetban_<version>_all.deb} that {@code mvn package} built, read with {@code dpkg-deb}: its control
 * fields, its files and its maintainer scripts. {@code e2e.PackageInstallIT} installs and runs it.
 */
class DebianPackageIT {

    private static final Path TARGET = Path.of(System.getProperty("fleetban.repo", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("fleetban-cli/target");
    private static Path deb;

    @BeforeAll
    static void findPackage() throws IOException {
        assumeTrue(Commands.available("dpkg-deb"), "dpkg-deb is not installed");
        try (Stream<Path> files = Files.list(TARGET)) {
            deb = files.filter(p -> p.getFileName().toString().matches("fleetban_.*_all\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("mvn package makes fleetban_<version>_all.deb in " + TARGET));
        }
    }

    private static String field(String name) {
        final Commands.Result result = Commands.run(TARGET, "dpkg-deb", "-f", deb.toString(), name);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private static List<String> contents() {
        final Commands.Result result = Commands.run(TARGET, "dpkg-deb", "-c", deb.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().lines().toList();
    }

    @Test
    void shouldNameAnArchitectureIndependentPackageWithADebianVersion() {
        assertThat(field("Package")).isEqualTo("fleetban");
        assertThat(field("Architecture")).isEqualTo("all");
        // Debian versions allow no "-" in a native package's version; a snapshot sorts before its release.
        assertThat(field("Version")).matches("[0-9][0-9.]*(~[a-z0-9.]+)?");
        assertThat(deb.getFileName().toString()).isEqualTo("fleetban_" + field("Version") + "_all.deb");
    }

    @Test
    void shouldDependOnJavaTheFirewallToolsAndAdduser() {
        assertThat(field("Depends"))
                .contains(
                        "openjdk-17-jre-headless | java17-runtime-headless", "ipset", "iptables | nftables", "adduser");
    }

    @Test
    void shouldInstallTheCommandTheUnitsAndTheConfig() throws IOException {
        final List<String> contents = contents();
        assertThat(contents)
                .anyMatch(l -> l.endsWith(" ./usr/bin/fleetban -> ../share/fleetban/bin/fleetban"))
                .anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith(" ./usr/share/fleetban/bin/fleetban"))
                .anyMatch(l -> l.startsWith("-rw-r----- root/root") && l.endsWith(" ./etc/fleetban/fleetban.conf"))
                .anyMatch(l -> l.endsWith(" ./usr/share/doc/fleetban/examples/jail.d/fail.conf"));
        for (String role : List.of("shipper", "enforcer", "coordinator")) {
            assertThat(contents).anyMatch(l -> l.endsWith(" ./lib/systemd/system/fleetban-" + role + ".service"));
        }
        final long jars;
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            jars = lib.filter(p -> p.toString().endsWith(".jar")).count();
        }
        assertThat(contents.stream()
                        .filter(l -> l.matches(".* \\./usr/share/fleetban/lib/[^/]+\\.jar$"))
                        .count())
                .isEqualTo(jars);
    }

    @Test
    void shouldCarryNoBenchmarks() throws IOException {
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            for (Path jar : lib.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    assertThat(file.stream().map(JarEntry::getName))
                            .as(jar.getFileName().toString())
                            .noneMatch(name ->
                                    name.startsWith("io/fleetban/bench/") || name.matches(".*/Bench[^/]*\\.class"));
                }
            }
        }
    }

    @Test
    void shouldKeepTheOperatorsConfigOnUpgrade(@TempDir Path control) throws IOException {
        final Commands.Result result = Commands.run(
                TARGET,
                "dpkg-deb",
                "-e",
                deb.toString(),
                control.resolve("DEBIAN").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllLines(control.resolve("DEBIAN/conffiles")))
                .containsExactly("/etc/fleetban/fleetban.conf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postinst", "prerm", "postrm"})
    void shouldShipMaintainerScriptsThatParse(String script, @TempDir Path control) throws IOException {
        Commands.run(
                TARGET,
                "dpkg-deb",
                "-e",
                deb.toString(),
                control.resolve("DEBIAN").toString());
        final Path file = control.resolve("DEBIAN").resolve(script);
        assertThat(file).isExecutable();
        final Commands.Result result = Commands.run(TARGET, "sh", "-n", file.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
