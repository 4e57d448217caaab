package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.testkit.SecuredKafkaCluster;
import io.fleetban.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/kafka/fleetban-mtls.conf} as shipped, on a broker that requires client certificates: the shipper's
 * PEM keystore and the enforcer's PKCS#12 keystore (each in its own agent section) log in as two principals, the
 * script's ACLs let the fleet ban, and deny each principal the other's topic.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MutualTlsExampleIT implements SecuredExampleContract {

    private static final Path EXAMPLE = SecuredExampleFleet.REPO.resolve("deploy/kafka/fleetban-mtls.conf");

    @TempDir
    static Path dir;

    @AutoClose
    private static SecuredKafkaCluster cluster;

    private static SecuredExampleFleet fleet;

    @BeforeAll
    static void startBrokerWithTheScriptsAcls() throws Exception {
        cluster = SecuredKafkaCluster.mutualTls(dir.resolve("pki"));
        final TestCertificates ca = cluster.certificates();
        fleet = new SecuredExampleFleet(cluster, EXAMPLE, dir);
        final String p12Password = fleet.exampleValue("enforcer.kafka", "ssl.keystore.password");
        fleet.withFile(
                        "/etc/fleetban/tls/shipper-web-1.pem",
                        ca.issue(SecuredExampleFleet.SHIPPER).writePem(dir.resolve("shipper-web-1.pem")))
                .withFile(
                        "/etc/fleetban/tls/enforcer-web-1.p12",
                        ca.issue(SecuredExampleFleet.ENFORCER)
                                .writePkcs12(dir.resolve("enforcer-web-1.p12"), p12Password))
                .withCoordinatorKafka(Map.of(
                        "ssl.keystore.type",
                        "PEM",
                        "ssl.keystore.location",
                        ca.issue(SecuredExampleFleet.COORDINATOR)
                                .writePem(dir.resolve("coordinator.pem"))
                                .toString()));
        fleet.topicsAndScriptedAcls();
    }

    @Override
    public SecuredExampleFleet fleet() {
        return fleet;
    }

    @Test
    void shouldGiveTheShipperAndTheEnforcerTheirOwnCertificates() {
        assertThat(fleet.exampleSectionNames()).contains("kafka", "shipper.kafka", "enforcer.kafka");
    }
}
