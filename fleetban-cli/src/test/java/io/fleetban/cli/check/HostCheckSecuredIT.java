package io.fleetban.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.SecuredKafkaCluster;
import io.fleetban.testkit.TutorialJail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetban check} against a broker that authenticates (SASL_SSL with SCRAM-SHA-512) and authorizes
 * ({@code StandardAuthorizer}): a wrong password fails the Kafka check with the fix, and a principal without the ACLs
 * its role needs fails the topic it cannot use, while one that has them passes.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HostCheckSecuredIT {

    private static final String SHIPPER_PASSWORD = "shipper-secret";
    private static final String ENFORCER_PASSWORD = "enforcer-secret";

    @TempDir
    static Path pki;

    private static SecuredKafkaCluster cluster;
    private static Topics topics;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        cluster = SecuredKafkaCluster.saslScram(pki);
        topics = Topics.create(KafkaSettings.local(cluster.bootstrapServers()));
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            admin.createTopics(topics.newTopics()).all().get(60, TimeUnit.SECONDS);
        }
        cluster.addScramUser("shipper", SHIPPER_PASSWORD);
        cluster.addScramUser("enforcer", ENFORCER_PASSWORD);
        // The shipper has its ACL; the enforcer may see the decision topics but not read them.
        cluster.allow(List.of(
                allow("shipper", topics.offenses().name(), AclOperation.WRITE),
                allow("enforcer", topics.bans().name(), AclOperation.DESCRIBE),
                allow("enforcer", topics.unbans().name(), AclOperation.DESCRIBE),
                allow("enforcer", topics.activeBans().name(), AclOperation.DESCRIBE)));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        cluster.close();
    }

    @Test
    void shouldFailAWrongPasswordWithTheFix() throws Exception {
        final List<String> lines = check(conf("shipper", "not-the-password"), Role.SHIPPER);

        assertThat(lines.stream().filter(line -> line.startsWith("FAIL ")))
                .singleElement()
                .asString()
                .startsWith("FAIL kafka " + cluster.bootstrapServers() + ": authentication failed over SASL_SSL: ")
                .endsWith("check the user and password in [kafka] sasl.jaas.config and that the user exists on the "
                        + "brokers (kafka-configs.sh --describe --entity-type users)");
    }

    @Test
    void shouldPassAPrincipalWithItsAclsAndFailOneWithout() throws Exception {
        final List<String> shipper = check(conf("shipper", SHIPPER_PASSWORD), Role.SHIPPER);
        assertThat(shipper)
                .noneMatch(line -> line.startsWith("FAIL "))
                .contains("ok acls: the cluster has an authorizer: this principal's rights are probed per topic below")
                .anyMatch(line ->
                        line.startsWith("ok shipper topic " + topics.offenses().name() + ": ")
                                && line.endsWith("may WRITE"));

        final List<String> enforcer = check(conf("enforcer", ENFORCER_PASSWORD), Role.ENFORCER);
        assertThat(enforcer.stream().filter(line -> line.startsWith("FAIL ")))
                .hasSize(3)
                .allMatch(
                        line -> line.matches(
                                "FAIL enforcer topic fleetban\\.(bans|unbans|active-bans): this principal may not READ it "
                                        + "\\(allowed: DESCRIBE\\); grant the enforcer ACLs .*--operation READ --topic fleetban\\..*"));
    }

    private static AclBinding allow(String user, String topic, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private Path conf(String user, String password) throws Exception {
        final Path log = dir.resolve("fail.log");
        if (!Files.exists(log)) {
            TutorialJail.append(log, "198.51.100.1");
            TutorialJail.fail2banDir(dir, log);
        }
        return new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", cluster.bootstrapServers())
                .set("kafka", "security.protocol", "SASL_SSL")
                .set("kafka", "sasl.mechanism", "SCRAM-SHA-512")
                .set(
                        "kafka",
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required " + "username=\"" + user
                                + "\" password=\"" + password + "\";")
                .set("kafka", "ssl.truststore.type", "PEM")
                .set("kafka", "ssl.truststore.location", cluster.certificates().caPem())
                .set("fail2ban", "config.dir", dir.resolve("fail2ban"))
                .set("shipper", "state.dir", dir.resolve("shipper"))
                .set("enforcer", "backend", "dry-run")
                .writeTo(dir.resolve("fleetban.conf"));
    }

    /** The check's lines for one role, as root reads the log (the account is not what this test is about). */
    private static List<String> check(Path conf, Role role) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HostCheck(
                        "root",
                        List.of(),
                        Duration.ofSeconds(15),
                        System.getenv().getOrDefault("PATH", ""),
                        new ProcessCommandRunner(Duration.ofSeconds(10)))
                .run(conf, Set.of(role), new CheckReport(new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
