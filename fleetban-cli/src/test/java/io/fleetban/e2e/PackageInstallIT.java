package io.fleetban.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * README's production deployment, as shipped: the {@code .deb} that {@code mvn package} built is installed with dpkg
 * into a booted Debian 12 (systemd as PID 1, in {@code systemd-nspawn}), configured the way README says, and the
 * shipped units, unchanged, are started with {@code systemctl}. The tutorial's five failure lines in the jail's log
 * must ban the address in the container's ipset and in {@code fleetban client status}; restarting each unit must
 * keep exactly that ban set. The host has no /etc/fail2ban (as a coordinator host without fail2ban), which the
 * units must tolerate; the shipper reads a log only group adm may read; the enforcer runs with iptables-legacy,
 * whose lock file a sandboxed non-root service cannot open unless its unit prepares it.
 *
 * <p>The Debian tree is made once by {@code src/test/sh/debian-tree.sh} (debootstrap, several minutes) and reused;
 * each run boots an overlay of it, so nothing of a run survives it.
 */
@Tag("integration")
@Tag("package")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class PackageInstallIT {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final Path TREE =
            Path.of(System.getProperty("fleetban.it.debian-tree", "/var/cache/fleetban-it/debian12"));
    private static final String ATTACKER = "203.0.113.7";
    private static final List<String> UNITS = List.of("fleetban-coordinator", "fleetban-shipper", "fleetban-enforcer");
    private static final String CONF = """
            [kafka]
            bootstrap.servers = 127.0.0.1:9092
            topic.partitions = 3
            topic.replication.factor = 1

            [fail2ban]
            config.dir = /etc/fleetban/fail2ban

            [shipper]
            state.dir = /var/lib/fleetban/shipper
            metrics.listen = 127.0.0.1:9101

            [coordinator]
            state.dir = /var/lib/fleetban/coordinator
            http.listen = 127.0.0.1:7070

            [enforcer]
            backend = ipset
            state.dir = /var/lib/fleetban/enforcer
            metrics.listen = 127.0.0.1:9102
            """;
    /** The operator's override of the tutorial's jail: a log under /var/log (readable by group adm only), a long ban. */
    private static final String FAIL_LOCAL = "[fail]\nlogpath = /var/log/fail.log\nbantime = 3600\n";

    private static BootedDebian container;
    private static String debName;

    @BeforeAll
    static void installAndBoot() throws IOException {
        assumeTrue(Shell.isRoot(), "booting a Debian tree with systemd-nspawn needs root");
        for (String tool : List.of("debootstrap", "systemd-nspawn", "nsenter", "flock")) {
            assumeTrue(Shell.available(tool), tool + " is not installed");
        }
        final Path deb;
        try (Stream<Path> built = Files.list(REPO.resolve("fleetban-cli/target"))) {
            deb = built.filter(p -> p.getFileName().toString().matches("fleetban_.*_all\\.deb"))
                    .findFirst()
                    .orElse(null);
        }
        assumeTrue(deb != null, "no fleetban_*_all.deb in fleetban-cli/target (mvn package builds it)");
        debName = deb.getFileName().toString();

        final Path work = Files.createDirectories(
                Path.of("target", "package-it-" + System.currentTimeMillis()).toAbsolutePath());
        makeTree(work.resolve("debootstrap.log"));

        final Path shared = Files.createDirectories(work.resolve("shared"));
        Files.createLink(shared.resolve(debName), deb);
        Files.writeString(shared.resolve("fleetban.conf"), CONF);
        Files.writeString(shared.resolve("fail.local"), FAIL_LOCAL);
        Files.copy(REPO.resolve("examples/filter.d/fail.conf"), shared.resolve("filter.d-fail.conf"));
        Files.copy(REPO.resolve("examples/jail.d/fail.conf"), shared.resolve("jail.d-fail.conf"));
        container = BootedDebian.boot(TREE, shared, work.resolve("console.log"));
        // As on any installed host, the host name resolves (Kafka's broker asks for it).
        container.check("sh", "-c", "echo \"127.0.1.1 $(hostname)\" >>/etc/hosts");
        container.check("dpkg", "-i", "/mnt/fleetban/" + debName);
    }

    private static void makeTree(Path log) {
        try {
            final Process process = new ProcessBuilder(
                            REPO.resolve("fleetban-cli/src/test/sh/debian-tree.sh")
                                    .toString(),
                            TREE.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("debootstrap took over 30 minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("making the Debian tree failed; see " + log + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot make the Debian tree", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @AfterAll
    static void shutDown() throws InterruptedException {
        if (container != null) {
            container.close();
        }
    }

    @Test
    @Order(1)
    void shouldInstallTheUserConfigAndStateButStartNothing() {
        assertThat(container.check("id", "-nG", "fleetban").strip()).isEqualTo("fleetban");
        assertThat(container.check("getent", "passwd", "fleetban")).endsWith(":/usr/sbin/nologin\n");
        assertThat(container
                        .check("stat", "-c", "%a %U:%G", "/etc/fleetban/fleetban.conf")
                        .strip())
                .isEqualTo("640 root:fleetban");
        for (String role : List.of("shipper", "coordinator", "enforcer")) {
            assertThat(container
                            .check("stat", "-c", "%U", "/var/lib/fleetban/" + role)
                            .strip())
                    .as(role)
                    .isEqualTo("fleetban");
        }
        assertThat(container.check("readlink", "-f", "/usr/bin/fleetban").strip())
                .isEqualTo("/usr/share/fleetban/bin/fleetban");
        assertThat(container.check("ls", "/var/cache/fleetban"))
                .as("the class-data archives the postinst made")
                .containsPattern("(?m)^regex-\\d+\\.jsa$")
                .containsPattern("(?m)^agents-\\d+\\.jsa$");
        for (String unit : UNITS) {
            assertThat(container.run("systemctl", "is-enabled", unit).output().strip())
                    .as(unit)
                    .isEqualTo("disabled");
            assertThat(container.run("systemctl", "is-active", unit).output().strip())
                    .as(unit)
                    .isEqualTo("inactive");
        }
    }

    @Test
    @Order(2)
    void shouldBanTheTutorialsAttackerThroughTheShippedUnits() {
        // A broker on the container's loopback, as a transient unit (tests only: production runs its own Kafka).
        container.check(
                "systemd-run",
                "--unit=fleetban-it-broker",
                "/usr/bin/fleetban",
                "broker",
                "--data-dir",
                "/var/lib/fleetban-it-broker");
        // README's steps: edit the installed config (its mode and owner stay) and give the agents the fleet's jail
        // files. Here as on a coordinator host without fail2ban: no /etc/fail2ban at all, the jails in a directory of
        // the operator's choice that config.dir names.
        container.check(
                "sh",
                "-c",
                String.join(
                        " && ",
                        "! test -e /etc/fail2ban",
                        "cat /mnt/fleetban/fleetban.conf >/etc/fleetban/fleetban.conf",
                        "mkdir -p /etc/fleetban/fail2ban/filter.d /etc/fleetban/fail2ban/jail.d",
                        "cp /mnt/fleetban/filter.d-fail.conf /etc/fleetban/fail2ban/filter.d/fail.conf",
                        "cp /mnt/fleetban/jail.d-fail.conf /etc/fleetban/fail2ban/jail.d/fail.conf",
                        "cp /mnt/fleetban/fail.local /etc/fleetban/fail2ban/jail.d/fail.local",
                        "install -m 0640 -o root -g adm /dev/null /var/log/fail.log",
                        "update-alternatives --quiet --set iptables /usr/sbin/iptables-legacy"));
        container.check("systemctl", "start", "fleetban-coordinator", "fleetban-shipper", "fleetban-enforcer");
        awaitHealthy(9101);
        awaitHealthy(9102);

        container.check(
                "sh",
                "-c",
                "for i in 1 2 3 4 5; do echo \"$(date '+%Y-%m-%d %H:%M:%S') - IP: " + ATTACKER
                        + " - User-Agent: curl/7.88.1\" >>/var/log/fail.log; done");

        awaitExactBanSet();
        assertThat(container.check("iptables-legacy", "-S", "fleetban"))
                .contains("--match-set fleetban-fail-v4 src -j REJECT");
    }

    @Test
    @Order(3)
    void shouldKeepTheExactBanSetAcrossARestartOfEachUnit() {
        for (String unit : UNITS) {
            container.check("systemctl", "restart", unit);
            assertThat(container.run("systemctl", "is-active", unit).output().strip())
                    .as(unit)
                    .isEqualTo("active");
            awaitHealthy(9101);
            awaitHealthy(9102);
            awaitExactBanSet();
        }
    }

    @Test
    @Order(4)
    void shouldStopWithoutFailing() {
        container.check("systemctl", "stop", "fleetban-shipper", "fleetban-enforcer", "fleetban-coordinator");
        for (String unit : UNITS) {
            assertThat(container.run("systemctl", "is-failed", unit).output().strip())
                    .as(unit)
                    .isEqualTo("inactive");
        }
    }

    @Test
    @Order(5)
    void shouldKeepConfigAndStateOnUpgradeAndRemoveBothOnPurge() {
        container.check("dpkg", "-i", "/mnt/fleetban/" + debName);
        assertThat(container.check("cat", "/etc/fleetban/fleetban.conf")).isEqualTo(CONF);
        assertThat(container
                        .check("stat", "-c", "%a %U:%G", "/etc/fleetban/fleetban.conf")
                        .strip())
                .isEqualTo("640 root:fleetban");
        assertThat(container.check("ls", "/var/lib/fleetban/coordinator").strip())
                .as("the coordinator's state")
                .isNotEmpty();

        container.check("dpkg", "--purge", "fleetban");
        assertThat(container.run("test", "-e", "/etc/fleetban").exitCode())
                .as("/etc/fleetban after purge")
                .isNotZero();
        assertThat(container.run("test", "-e", "/var/lib/fleetban").exitCode())
                .as("/var/lib/fleetban after purge")
                .isNotZero();
        assertThat(container.run("test", "-e", "/var/cache/fleetban").exitCode())
                .as("/var/cache/fleetban after purge")
                .isNotZero();
        assertThat(container.run("test", "-e", "/usr/bin/fleetban").exitCode())
                .as("/usr/bin/fleetban after purge")
                .isNotZero();
    }

    private static void awaitHealthy(int port) {
        try {
            await("/health on port " + port)
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> container
                            .run(
                                    "bash",
                                    "-c",
                                    "exec 3<>/dev/tcp/127.0.0.1/" + port
                                            + " && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3")
                            .output()
                            .contains(" 200"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    e.getMessage() + "\n"
                            + container
                                    .run(
                                            "systemctl",
                                            "status",
                                            "--no-pager",
                                            "--lines=15",
                                            "fleetban-coordinator",
                                            "fleetban-shipper",
                                            "fleetban-enforcer")
                                    .output(),
                    e);
        }
    }

    /**
     * Both the firewall and the coordinator's answer hold exactly the attacker, nothing more; the set also holds the
     * enforcer's drift canary, 255.255.255.255, which no packet comes from.
     */
    private static void awaitExactBanSet() {
        await("the ban in ipset")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(ipsetMembers()).containsExactlyInAnyOrder(ATTACKER, "255.255.255.255"));
        await("the ban in fleetban client status")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(statusBannedIps()).containsExactly(ATTACKER));
    }

    private static Set<String> ipsetMembers() {
        final String list = container.check("ipset", "list", "fleetban-fail-v4");
        final Set<String> members = new TreeSet<>();
        boolean inMembers = false;
        for (String line : list.lines().toList()) {
            if (inMembers && !line.isBlank()) {
                members.add(line.strip().split("\\s+")[0]);
            }
            inMembers |= line.startsWith("Members:");
        }
        return members;
    }

    private static Set<String> statusBannedIps() {
        final Shell.Result status =
                container.run("fleetban", "client", "-c", "/etc/fleetban/fleetban.conf", "status", "fail");
        assertThat(status.ok()).as(status.output()).isTrue();
        final String line = status.output()
                .lines()
                .filter(l -> l.contains("Banned IP list:"))
                .findFirst()
                .orElseThrow();
        final String ips = line.substring(line.indexOf(':') + 1).strip();
        return ips.isEmpty() ? Set.of() : new TreeSet<>(List.of(ips.split("\\s+")));
    }
}
