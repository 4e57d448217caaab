package io.fleetban.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed tutorial, fleet-wide, on one machine: three web hosts (demo app + shipper + enforcer with the ipset
 * backend, each in its own network namespace), an attacker and a bystander client in namespaces of their own, and
 * a core namespace with the broker and the coordinator. Everything runs as real processes of {@code bin/fleetban}
 * against real iptables and ipset; the only traffic goes between the namespaces this test creates.
 *
 * <p>The jails are the tutorial's {@code examples/filter.d/fail.conf} and {@code examples/jail.d/fail.conf},
 * copied unchanged; per-host differences (log path, a short bantime) go in {@code jail.d/fail.local}, the way
 * fail2ban users override a shipped jail.
 *
 * <p>The fleet is started once for all tests (it takes a minute); each test starts from the same state, set up by
 * {@link #startFromACleanSlate()}, so the tests pass alone and in any order.
 */
@Tag("integration")
@Tag("netns")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TutorialFleetE2EIT {

    private static final int BANTIME_SECONDS = 8;
    private static final List<String> HOSTS = List.of("a", "b", "c");
    private static final int ATTACKER = 66;
    private static final int BYSTANDER = 77;
    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final Pattern AFTER = Pattern.compile("refused (\\S+) at=\\d+ after=(\\d+)");
    /** How long the probe waits for every host to refuse the attacker: generous, the machine may be loaded. */
    private static final Duration AWAIT_REFUSED = Duration.ofSeconds(30);

    /** Kept after the run (under target/) so the processes' output can be read after a failure. */
    private static Path work;

    private static NetnsFleet fleet;
    private static final List<FleetProcess> processes = new ArrayList<>();
    private static FleetProcess coordinator;
    private static final Map<String, FleetProcess> enforcers = new HashMap<>();

    @BeforeAll
    static void startFleet() throws IOException {
        assumeTrue(Shell.isRoot(), "network-namespace tests need root");
        for (String tool : List.of("ip", "iptables", "ipset", "curl")) {
            assumeTrue(Shell.available(tool), tool + " is not installed");
        }
        work = Files.createDirectories(
                Path.of("target", "e2e-" + System.currentTimeMillis()).toAbsolutePath());
        fleet = new NetnsFleet();
        try {
            for (int i = 0; i < HOSTS.size(); i++) {
                fleet.addHost(HOSTS.get(i), hostOctet(HOSTS.get(i)));
            }
            fleet.addHost("x", ATTACKER);
            fleet.addHost("y", BYSTANDER);
            startProcesses();
            awaitFleetReady();
        } catch (RuntimeException | Error e) {
            stopFleet();
            throw e;
        }
    }

    @AfterAll
    static void stopFleet() {
        processes.forEach(FleetProcess::close);
        if (fleet != null) {
            fleet.close();
        }
    }

    /** The attacker banned nowhere and counted nowhere (fail2ban's unbanip resets the count), the coordinator up. */
    @BeforeEach
    void startFromACleanSlate() {
        unbanAndAwaitOpen();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    final String status = jailStatus();
                    if (!status.contains("Currently failed:\t0")) {
                        // An offense of the previous test counted after the unbanip above: reset the counts again.
                        unbanAttackerAndBystander();
                    }
                    assertThat(status).contains("Currently failed:\t0").contains("Currently banned:\t0");
                });
        assertThat(coordinator.isAlive()).isTrue();
    }

    @Test
    void shouldBanTheAttackerOnEveryHostAfterFiveRequestsToOneHost() {
        // Five rounds: a ban lifted by unbanip is decided and enforced again on the next attack.
        for (int run = 0; run < 5; run++) {
            attack(List.of(5), List.of("a"));
            if (run < 4) {
                unbanAndAwaitOpen();
            }
        }
        // Still banned from the last run: fail2ban-client's view of it, fleet-wide.
        assertThat(jailStatus())
                .contains("Status for the jail: fail")
                .contains("Currently banned:\t1")
                .contains("File list:\t" + work.resolve("core/fail.log"))
                .containsPattern("Banned IP list:\t.*" + Pattern.quote(fleet.address(ATTACKER)));
        for (String host : HOSTS) {
            assertThat(curl("y", host)).as("bystander on host " + host).isEqualTo("200");
        }
    }

    @Test
    void shouldLiftTheBanOnEveryHostAfterBantimeEvenWithTheCoordinatorStopped() {
        attack(List.of(5), List.of("a"));
        // The hosts' sets carry the ban's own timeout: with the coordinator frozen, nobody sends an unban.
        coordinator.pause();
        try {
            awaitAttacker("OPEN", Duration.ofSeconds(BANTIME_SECONDS + 4));
            for (String host : HOSTS) {
                assertThat(curl("x", host))
                        .as("attacker on host " + host + " after bantime")
                        .isEqualTo("200");
            }
            assertThat(coordinator.isAlive()).isTrue();
        } finally {
            coordinator.resume();
        }
    }

    @Test
    void shouldBanAndUnbanManuallyOnEveryHostAtOnce() {
        fleetban("client", "--bootstrap-server", bootstrap(), "banip", "fail", fleet.address(ATTACKER));
        awaitAttacker("REFUSED");
        unbanAndAwaitOpen();
    }

    @Test
    void shouldCountOffensesAcrossHosts() {
        // 4 requests to A and 1 to B: no single host saw 5, the fleet did.
        attack(List.of(4, 1), List.of("a", "b"));
        unbanAndAwaitOpen();
    }

    @Test
    void shouldShowAStoppedHostAsMissingAndNotHavingAppliedABanUntilItCatchesUp() {
        final String conf = work.resolve("core/fleetban.conf").toString();
        final String attacker = fleet.address(ATTACKER);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(fleetban("client", "-c", conf, "hosts"))
                        .containsPattern("\\ba +in-sync")
                        .containsPattern("\\bb +in-sync")
                        .containsPattern("\\bc +in-sync"));

        enforcers.get("c").pause();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(fleetban("client", "-c", conf, "hosts"))
                            .containsPattern("\\bc +missing")
                            .containsPattern("\\ba +in-sync"));
            fleetban("client", "-c", conf, "banip", "--bantime", "120", "fail", attacker);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(fleetban("client", "-c", conf, "why", "fail", attacker))
                            .containsPattern("enforced: +on 2 of 3 hosts \\(a \\+\\d+ ms, b \\+\\d+ ms\\); "
                                    + "not applied on c \\(missing"));
            assertThat(curl("x", "a")).isEqualTo("000");
            assertThat(Shell.run(fleet.in("c", "ipset", "list", "-o", "save")).output())
                    .doesNotContain(attacker);
        } finally {
            enforcers.get("c").resume();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Shell.run(fleet.in("c", "ipset", "list", "-o", "save")).output())
                    .contains(attacker);
            assertThat(fleetban("client", "-c", conf, "hosts")).containsPattern("\\bc +in-sync");
            assertThat(fleetban("client", "-c", conf, "why", "fail", attacker)).contains("on 3 of 3 hosts");
        });
        unbanAndAwaitOpen();
    }

    /** Sends {@code requests.get(i)} requests to {@code hosts.get(i)}, the last batch through the probe: every host then refuses. */
    private static void attack(List<Integer> requests, List<String> hosts) {
        for (int i = 0; i < hosts.size() - 1; i++) {
            for (int r = 0; r < requests.get(i); r++) {
                assertThat(curl("x", hosts.get(i))).isEqualTo("200");
            }
        }
        final List<String> probe = new ArrayList<>(List.of(
                "probe",
                "--attack",
                target(hosts.get(hosts.size() - 1)),
                "--requests",
                String.valueOf(requests.get(requests.size() - 1)),
                "--await",
                "REFUSED",
                "--timeout-ms",
                String.valueOf(AWAIT_REFUSED.toMillis())));
        HOSTS.forEach(h -> probe.addAll(List.of("--watch", target(h))));
        final Shell.Result result = Shell.run(
                fleet.in("x", fleetbanCommand(probe.toArray(String[]::new)).toArray(String[]::new)));
        assertThat(result.output())
                .as("probe output%n%s", diagnostics())
                .contains("codes=" + "200,".repeat(requests.get(requests.size() - 1) - 1) + "200");
        assertThat(result.exitCode())
                .as("all three hosts refuse: %s%n%s", result.output(), diagnostics())
                .isZero();
        assertThat(AFTER.matcher(result.output()).results().count())
                .as("hosts that refused the attacker")
                .isEqualTo(HOSTS.size());
    }

    /** fail2ban-client's {@code status fail}, fleet-wide. */
    private static String jailStatus() {
        return fleetban("client", "-c", work.resolve("core/fleetban.conf").toString(), "status", "fail");
    }

    private static void unbanAndAwaitOpen() {
        unbanAttackerAndBystander();
        awaitAttacker("OPEN");
    }

    /** fail2ban's unbanip also resets a count: the bystander's requests are offenses too (fewer than maxretry). */
    private static void unbanAttackerAndBystander() {
        fleetban(
                "client",
                "--bootstrap-server",
                bootstrap(),
                "unbanip",
                "fail",
                fleet.address(ATTACKER),
                fleet.address(BYSTANDER));
    }

    private static void awaitAttacker(String state) {
        awaitAttacker(state, Duration.ofSeconds(3));
    }

    /** Waits with TCP connects only (no HTTP request, so no log line and no new offense). */
    private static void awaitAttacker(String state, Duration timeout) {
        final List<String> probe =
                new ArrayList<>(List.of("probe", "--await", state, "--timeout-ms", String.valueOf(timeout.toMillis())));
        HOSTS.forEach(h -> probe.addAll(List.of("--watch", target(h))));
        final Shell.Result result = Shell.run(
                fleet.in("x", fleetbanCommand(probe.toArray(String[]::new)).toArray(String[]::new)));
        assertThat(result.exitCode())
                .as("attacker sees %s on every host: %s%n%s", state, result.output(), diagnostics())
                .isZero();
    }

    private static void startProcesses() throws IOException {
        final Path coreDir = Files.createDirectories(work.resolve("core"));
        processes.add(FleetProcess.start(
                "broker",
                fleet.in(
                        "core",
                        fleetbanCommand(
                                        "broker",
                                        "--data-dir",
                                        coreDir.resolve("broker").toString(),
                                        "--listen",
                                        fleet.address(NetnsFleet.CORE_HOST),
                                        "--advertised-host",
                                        fleet.address(NetnsFleet.CORE_HOST))
                                .toArray(String[]::new)),
                work));
        await().atMost(Duration.ofSeconds(60)).until(() -> reachable(fleet.address(NetnsFleet.CORE_HOST), 9092));

        coordinator = FleetProcess.start(
                "coordinator",
                fleet.in(
                        "core",
                        fleetbanCommand(
                                        "coordinator",
                                        "-c",
                                        TutorialFleetFiles.write(REPO, coreDir, "core", fleet, BANTIME_SECONDS)
                                                .toString())
                                .toArray(String[]::new)),
                work);
        processes.add(coordinator);
        // The coordinator creates the topics; agents on the hosts start once it answers.
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(Shell.run(
                                        "curl",
                                        "-s",
                                        "-o",
                                        "/dev/null",
                                        "-w",
                                        "%{http_code}",
                                        coordinatorUrl() + "/jails/fail/status")
                                .output())
                        .as(diagnostics())
                        .isEqualTo("200"));
        for (String host : HOSTS) {
            final Path dir = Files.createDirectories(work.resolve(host));
            final Path conf = TutorialFleetFiles.write(REPO, dir, host, fleet, BANTIME_SECONDS);
            processes.add(FleetProcess.start(
                    "app-" + host,
                    fleet.in(
                            host,
                            fleetbanCommand(
                                            "demo-app",
                                            "--listen",
                                            "0.0.0.0",
                                            "--port",
                                            "8000",
                                            "--log",
                                            dir.resolve("fail.log").toString())
                                    .toArray(String[]::new)),
                    work));
            processes.add(FleetProcess.start(
                    "shipper-" + host,
                    fleet.in(
                            host,
                            fleetbanCommand("shipper", "-c", conf.toString()).toArray(String[]::new)),
                    work));
            final FleetProcess enforcer = FleetProcess.start(
                    "enforcer-" + host,
                    fleet.in(
                            host,
                            fleetbanCommand("enforcer", "-c", conf.toString()).toArray(String[]::new)),
                    work);
            enforcers.put(host, enforcer);
            processes.add(enforcer);
        }
    }

    /**
     * The apps and the enforcers, then the whole pipeline: a manual ban of a spare address must reach every host's
     * set. The enforcers must be up first, as the spare ban lasts the jail's short bantime and a first start of the
     * agents may also make their class-data archive.
     */
    private static void awaitFleetReady() {
        for (String host : HOSTS) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reachable(fleet.address(hostOctet(host)), 8000));
            final FleetProcess enforcer = enforcers.get(host);
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> enforcer.output().contains("enforcer " + host + " started"));
        }
        final String spare = fleet.address(99);
        fleetban("client", "--bootstrap-server", bootstrap(), "banip", "fail", spare);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (String host : HOSTS) {
                        assertThat(Shell.run(fleet.in(host, "ipset", "list", "-o", "save"))
                                        .output())
                                .as("spare ban on host %s%n%s", host, diagnostics())
                                .contains(spare);
                    }
                });
        fleetban("client", "--bootstrap-server", bootstrap(), "unbanip", "fail", spare);
    }

    private static String fleetban(String... args) {
        final Shell.Result result = Shell.run(fleetbanCommand(args));
        assertThat(result.exitCode())
                .as("fleetban %s: %s", String.join(" ", args), result.output())
                .isZero();
        return result.output();
    }

    private static List<String> fleetbanCommand(String... args) {
        return Shell.concat(List.of(REPO.resolve("bin/fleetban").toString()), args);
    }

    private static String curl(String from, String host) {
        return Shell.run(fleet.in(
                        from,
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--max-time",
                        "2",
                        "http://" + fleet.address(hostOctet(host)) + ":8000/"))
                .output()
                .strip();
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String diagnostics() {
        final StringBuilder out = new StringBuilder();
        processes.forEach(p -> out.append(p.tail(15)).append('\n'));
        return out.toString();
    }

    private static int hostOctet(String host) {
        return 11 + HOSTS.indexOf(host);
    }

    private static String target(String host) {
        return fleet.address(hostOctet(host)) + ":8000";
    }

    private static String bootstrap() {
        return fleet.address(NetnsFleet.CORE_HOST) + ":9092";
    }

    private static String coordinatorUrl() {
        return "http://" + fleet.address(NetnsFleet.CORE_HOST) + ":7070";
    }
}
