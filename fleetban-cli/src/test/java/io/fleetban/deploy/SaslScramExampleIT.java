package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.testkit.SecuredKafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/kafka/fleetban-sasl-scram.conf} as shipped, on a SASL_SSL listener with SCRAM-SHA-512: the shipper
 * and the enforcer of one host log in with their own credentials (the example's), the script's ACLs let the fleet
 * ban, and deny each principal the other's topic.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SaslScramExampleIT implements SecuredExampleContract {

    private static final Path EXAMPLE = SecuredExampleFleet.REPO.resolve("deploy/kafka/fleetban-sasl-scram.conf");
    private static final String COORDINATOR_PASSWORD = "coordinator-secret";

    @TempDir
    static Path dir;

    @AutoClose
    private static SecuredKafkaCluster cluster;

    private static SecuredExampleFleet fleet;

    @BeforeAll
    static void startBrokerWithTheScriptsAcls() throws Exception {
        cluster = SecuredKafkaCluster.saslScram(dir.resolve("pki"));
        fleet = new SecuredExampleFleet(cluster, EXAMPLE, dir);
        final Map<String, String> logins = fleet.exampleLogins();
        assertThat(logins).containsOnlyKeys(SecuredExampleFleet.SHIPPER, SecuredExampleFleet.ENFORCER);
        logins.forEach(cluster::addScramUser);
        cluster.addScramUser(SecuredExampleFleet.COORDINATOR, COORDINATOR_PASSWORD);
        fleet.withCoordinatorKafka(Map.of(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule" + " required username=\""
                        + SecuredExampleFleet.COORDINATOR + "\" password=\"" + COORDINATOR_PASSWORD + "\";"));
        fleet.topicsAndScriptedAcls();
    }

    @Override
    public SecuredExampleFleet fleet() {
        return fleet;
    }
}
