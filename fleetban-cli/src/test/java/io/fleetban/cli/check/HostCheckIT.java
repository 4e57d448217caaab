package io.fleetban.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetban check} against a real broker: a host set up right passes every check; each broken setup fails its
 * own check with the reason and the fix, and only that one.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostCheckIT {

    /** A user and group every Debian has, standing in for the unit's fleetban/adm (which a test machine lacks). */
    private static final String USER = "nobody";

    private static final List<String> GROUPS = List.of("nogroup");
    private static final String SYSTEM_PATH = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    private static KafkaTestCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerWithFleetbanTopics() throws Exception {
        cluster = KafkaTestCluster.singleBroker();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(Topics.create(KafkaSettings.local(cluster.bootstrapServers()))
                            .newTopics())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        cluster.close();
    }

    @Test
    void shouldPassEveryCheckOfAHostSetUpRight() throws Exception {
        final Path conf = conf(readableLog(), "dry-run").writeTo(dir.resolve("fleetban.conf"));

        final Run run = check(conf, Set.of(), SYSTEM_PATH);

        assertThat(run.failures()).isEmpty();
        assertThat(run.lines())
                .contains(
                        "ok config [shipper]: " + conf,
                        "ok config [enforcer]: " + conf,
                        "ok config [coordinator]: " + conf,
                        "ok acls: the cluster has no authorizer, so every principal may do everything",
                        "ok topic fleetban.active-bans cleanup.policy: compact",
                        "ok firewall: backend dry-run changes nothing");
        assertThat(run.lines())
                .anyMatch(line -> line.startsWith("ok kafka " + cluster.bootstrapServers() + ": 1 broker(s)"));
        assertThat(run.lines())
                .anyMatch(line ->
                        line.startsWith("ok jail fail log ") && line.endsWith("readable by nobody (groups nogroup)"));
        assertThat(run.lines())
                .contains(
                        "ok enforcer topic fleetban.bans: 1 partition, may READ",
                        "ok shipper topic fleetban.offenses: 6 partitions, may WRITE");
    }

    @Test
    void shouldFailALogTheServiceAccountCannotRead() throws Exception {
        final Path log = readableLog();
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
        final Path conf = conf(log, "dry-run").writeTo(dir.resolve("fleetban.conf"));

        final Run run = check(conf, Set.of(Role.SHIPPER), SYSTEM_PATH);

        assertThat(run.failures())
                .singleElement()
                .asString()
                .startsWith("FAIL jail fail log " + log.toRealPath() + ": " + log.toRealPath() + " (mode 0600 ")
                .contains("is not readable by nobody (groups nogroup); give the file to a group the shipper is in");
    }

    @Test
    void shouldFailAnIpsetBackendWithoutIpsetOnThePath() throws Exception {
        final Path emptyBin = Files.createDirectories(dir.resolve("bin"));
        final Path conf = conf(readableLog(), "ipset").writeTo(dir.resolve("fleetban.conf"));

        final Run run = check(conf, Set.of(Role.ENFORCER), emptyBin.toString());

        assertThat(run.failures())
                .contains("FAIL firewall ipset: ipset is not on the PATH (" + emptyBin
                        + "); install it (Debian: apt-get install ipset) or choose another [enforcer] backend");
        assertThat(run.failures()).allMatch(line -> line.startsWith("FAIL firewall "));
    }

    @Test
    void shouldFailEveryConfigMistakeOfEveryRole() throws Exception {
        final Path conf = conf(readableLog(), "dry-run")
                .set("shipper", "read.from", "middle")
                .set("shipper", "max.line.bytes", "huge")
                .set("enforcer", "max.prefix.v4", 99)
                .writeTo(dir.resolve("fleetban.conf"));

        final Run run = check(conf, Set.of(), SYSTEM_PATH);

        assertThat(run.failures())
                .hasSize(3)
                .anyMatch(line -> line.startsWith("FAIL config: " + conf + ":") && line.contains("[shipper] read.from"))
                .anyMatch(line ->
                        line.startsWith("FAIL config: " + conf + ":") && line.contains("[shipper] max.line.bytes"))
                .anyMatch(line ->
                        line.startsWith("FAIL config: " + conf + ":") && line.contains("[enforcer] max.prefix.v4"));
        assertThat(run.lines()).contains("ok config [coordinator]: " + conf);
    }

    @Test
    void shouldFailABrokenFilterOnceUnderItsJail() throws Exception {
        final Path conf = conf(readableLog(), "dry-run").writeTo(dir.resolve("fleetban.conf"));
        final Path filter = dir.resolve("fail2ban/filter.d/fail.conf");
        Files.writeString(filter, "[Definition]\nfailregex = ^(unclosed <HOST>\n");

        final Run run = check(conf, Set.of(Role.SHIPPER), SYSTEM_PATH);

        assertThat(run.failures()).singleElement().asString().startsWith("FAIL jail fail filter fail: " + filter);
    }

    @Test
    void shouldFailTopicsAnEnforcerNeedsThatAreMissingOrNotCompacted() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("plain.active-bans", 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> admin.describeTopics(List.of("plain.active-bans"))
                                    .allTopicNames()
                                    .get(10, TimeUnit.SECONDS)
                                    .size()
                            == 1);
        }
        final Path conf = conf(readableLog(), "dry-run")
                .set("kafka", "topic.prefix", "plain.")
                .writeTo(dir.resolve("fleetban.conf"));

        final Run run = check(conf, Set.of(Role.ENFORCER), SYSTEM_PATH);

        assertThat(run.failures())
                .containsExactly(
                        "FAIL enforcer topic plain.bans: missing; start the coordinator once (it creates fleetban's topics) "
                                + "or run deploy/kafka/create-topics-and-acls.sh",
                        "FAIL enforcer topic plain.unbans: missing; start the coordinator once (it creates fleetban's topics) "
                                + "or run deploy/kafka/create-topics-and-acls.sh",
                        "FAIL topic plain.active-bans cleanup.policy: is delete, must be compact (enforcers rebuild the ban set "
                                + "from it): kafka-configs.sh --alter --entity-type topics --entity-name plain.active-bans "
                                + "--add-config cleanup.policy=compact");
    }

    @Test
    void shouldCreateAndRemoveAScratchSetInTheEnforcersNamespace() throws Exception {
        final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
        assumeTrue(host.run(List.of("id", "-u"), "").stdout().strip().equals("0"), "needs root");
        assumeTrue(
                host.run(List.of("sh", "-c", "command -v ipset && command -v iptables && command -v ip6tables"), "")
                        .succeeded(),
                "needs ipset and iptables");
        final String namespace = "fbchk" + ProcessHandle.current().pid();
        host.runChecked(List.of("ip", "netns", "add", namespace), "");
        try {
            final Path conf = conf(readableLog(), "ipset")
                    .set("enforcer", "firewall.netns", namespace)
                    .writeTo(dir.resolve("fleetban.conf"));

            final Run run = check(conf, Set.of(Role.ENFORCER), SYSTEM_PATH);

            assertThat(run.failures()).isEmpty();
            assertThat(run.lines())
                    .filteredOn(line -> line.startsWith("ok firewall "))
                    .hasSize(3)
                    .allMatch(line ->
                            line.contains(" in netns " + namespace + ": ") && line.contains("created and removed"));
            assertThat(host.run(List.of("ip", "netns", "exec", namespace, "ipset", "list", "-n"), "")
                            .stdout())
                    .isBlank();
        } finally {
            host.run(List.of("ip", "netns", "delete", namespace), "");
        }
    }

    private record Run(List<String> lines) {
        List<String> failures() {
            return lines.stream().filter(line -> line.startsWith("FAIL ")).toList();
        }
    }

    private Run check(Path conf, Set<Role> roles, String searchPath) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final HostCheck check = new HostCheck(
                USER, GROUPS, Duration.ofSeconds(10), searchPath, new ProcessCommandRunner(Duration.ofSeconds(10)));
        final CheckReport report =
                check.run(conf, roles, new CheckReport(new PrintStream(out, true, StandardCharsets.UTF_8)));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(report.allOk()).isEqualTo(lines.stream().noneMatch(line -> line.startsWith("FAIL ")));
        return new Run(lines);
    }

    /** A tutorial log in a directory anyone may search, mode 0644. */
    private Path readableLog() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path log = logs.resolve("fail.log");
        if (!Files.exists(log)) {
            TutorialJail.append(log, "198.51.100.1");
        }
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        return log;
    }

    private FleetbanConfFile conf(Path log, String backend) throws Exception {
        final Path fail2ban = dir.resolve("fail2ban");
        if (!Files.isDirectory(fail2ban)) {
            TutorialJail.fail2banDir(dir, log);
        }
        return new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", cluster.bootstrapServers())
                .set("fail2ban", "config.dir", fail2ban)
                .set("shipper", "state.dir", dir.resolve("shipper"))
                .set("coordinator", "state.dir", dir.resolve("coordinator"))
                .set("enforcer", "backend", backend);
    }
}
