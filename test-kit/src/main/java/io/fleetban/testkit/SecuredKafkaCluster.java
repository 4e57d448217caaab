package io.fleetban.testkit;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One real KRaft node whose client listener is secured the way production brokers are, with
 * {@code StandardAuthorizer} denying whatever no ACL allows:
 * <ul>
 *   <li>{@link #mutualTls}: an SSL listener that requires a client certificate; the subject {@code CN=x,O=...}
 *       becomes {@code User:x} ({@code ssl.principal.mapping.rules = RULE:^CN=([^,]+),.*$/$1/,DEFAULT});</li>
 *   <li>{@link #saslScram}: a SASL_SSL listener; clients log in with SCRAM-SHA-512 credentials that
 *       {@link #addScramUser} stores in the cluster metadata.</li>
 * </ul>
 * Certificates come from a {@link TestCertificates} CA made for the cluster: the broker's names {@code localhost}, so
 * clients can verify host names. The super user {@value #ADMIN} (its certificate, or PLAIN over SASL_SSL) creates
 * topics, ACLs and credentials through {@link #adminConfig()}.
 *
 * <p>The controller listener stays PLAINTEXT on loopback inside the node, so {@code User:ANONYMOUS} (the node talking
 * to itself) is a super user; no client reaches it as anonymous, since the client listener requires a certificate or
 * SASL. The broker talks to itself over the client listener too (transaction markers), as {@code User:broker} or
 * {@value #ADMIN}.
 */
public final class SecuredKafkaCluster implements KafkaTestCluster {

    /** The super user's name (certificate CN, or PLAIN user). */
    public static final String ADMIN = "admin";

    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String BROKER = "broker";
    private static final String LISTENER = "EXTERNAL";
    private static final String STORE_PASSWORD = "broker-store";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DESCRIPTION = "a secured in-process Kafka node";

    private final KafkaClusterTestKit kit;
    private final TestCertificates certificates;
    private final Map<String, Object> adminConfig;

    private SecuredKafkaCluster(
            KafkaClusterTestKit kit, TestCertificates certificates, Map<String, Object> adminConfig) {
        this.kit = kit;
        this.certificates = certificates;
        this.adminConfig = adminConfig;
    }

    /** A node whose client listener is SSL with required client certificates; certificates are written to {@code dir}. */
    public static SecuredKafkaCluster mutualTls(Path dir) {
        final TestCertificates certificates = TestCertificates.create(dir);
        final TestKitNodes nodes = nodes(SecurityProtocol.PLAINTEXT);
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                // The kit refuses SSL as its declared broker protocol; the listener map makes the listener SSL.
                .setConfigProp(
                        "listener.security.protocol.map",
                        LISTENER + ":SSL," + nodes.controllerListenerName().value() + ":PLAINTEXT")
                .setConfigProp("ssl.client.auth", "required")
                .setConfigProp("ssl.principal.mapping.rules", "RULE:^CN=([^,]+),.*$/$1/,DEFAULT")
                .setConfigProp("super.users", "User:" + ADMIN + ";User:" + BROKER + ";User:ANONYMOUS");
        brokerSsl(builder, certificates, dir);
        final Path adminStore = certificates.issue(ADMIN).writePkcs12(dir.resolve("admin.p12"), STORE_PASSWORD);
        final KafkaClusterTestKit kit = start(builder);
        final Map<String, Object> admin = new TreeMap<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                kit.bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SSL",
                "ssl.truststore.type",
                "PEM",
                "ssl.truststore.location",
                certificates.caPem().toString(),
                "ssl.keystore.type",
                "PKCS12",
                "ssl.keystore.location",
                adminStore.toString(),
                "ssl.keystore.password",
                STORE_PASSWORD));
        return new SecuredKafkaCluster(kit, certificates, admin);
    }

    /**
     * A node whose client listener is SASL_SSL with SCRAM-SHA-512 for clients (PLAIN too, for the super user and
     * the broker itself: SCRAM credentials live in the metadata, which does not exist before the node starts).
     */
    public static SecuredKafkaCluster saslScram(Path dir) {
        final TestCertificates certificates = TestCertificates.create(dir);
        final String plainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + ADMIN_PASSWORD + "\" user_" + ADMIN + "=\"" + ADMIN_PASSWORD + "\";";
        final String listener = "listener.name." + LISTENER.toLowerCase() + ".";
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes(SecurityProtocol.SASL_SSL))
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp(listener + "plain.sasl.jaas.config", plainJaas)
                .setConfigProp(
                        listener + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        brokerSsl(builder, certificates, dir);
        final KafkaClusterTestKit kit = start(builder);
        final Map<String, Object> admin = new TreeMap<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                kit.bootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SASL_SSL",
                "ssl.truststore.type",
                "PEM",
                "ssl.truststore.location",
                certificates.caPem().toString(),
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                plainJaas));
        return new SecuredKafkaCluster(kit, certificates, admin);
    }

    /** The CA that signed the broker's certificate; issue client certificates from it. */
    public TestCertificates certificates() {
        return certificates;
    }

    /** Client settings of the super user {@value #ADMIN}: a fresh map the caller may extend. */
    public Map<String, Object> adminConfig() {
        return new TreeMap<>(adminConfig);
    }

    /** Stores SCRAM-SHA-512 credentials for {@code user}; they work once this returns. */
    public void addScramUser(String user, String password) {
        try (Admin admin = Admin.create(adminConfig)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            await().atMost(WAIT)
                    .until(() -> !admin.describeUserScramCredentials(List.of(user))
                            .all()
                            .get()
                            .isEmpty());
        } catch (Exception e) {
            throw new IllegalStateException("cannot add SCRAM user " + user + ": " + e.getMessage(), e);
        }
    }

    /** Adds ACLs and waits until the broker, which authorizes from its own copy of the metadata, holds them all. */
    public void allow(Collection<AclBinding> acls) {
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            await().atMost(WAIT)
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                            .values()
                            .get()
                            .containsAll(acls));
        } catch (Exception e) {
            throw new IllegalStateException("cannot add ACLs: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public int brokerCount() {
        return 1;
    }

    @Override
    public void stopBroker(int index) {
        throw new UnsupportedOperationException("a secured test cluster has one broker");
    }

    @Override
    public void close() {
        TestKitLifecycle.close(kit, DESCRIPTION);
    }

    private static TestKitNodes nodes(SecurityProtocol declared) {
        return new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerListenerName(new ListenerName(LISTENER))
                .setBrokerSecurityProtocol(declared)
                .build();
    }

    /** The broker's own certificate (PKCS#12) and the CA it trusts; set first, so the kit's own SSL setup stays unused. */
    private static void brokerSsl(KafkaClusterTestKit.Builder builder, TestCertificates certificates, Path dir) {
        final Path store = certificates.issue(BROKER).writePkcs12(dir.resolve("broker.p12"), STORE_PASSWORD);
        builder.setConfigProp("ssl.keystore.type", "PKCS12")
                .setConfigProp("ssl.keystore.location", store.toString())
                .setConfigProp("ssl.keystore.password", STORE_PASSWORD)
                .setConfigProp("ssl.key.password", STORE_PASSWORD)
                // PKCS#12: the kit adds a truststore password, which a PEM truststore refuses.
                .setConfigProp("ssl.truststore.type", "PKCS12")
                .setConfigProp(
                        "ssl.truststore.location",
                        certificates
                                .writeTruststore(dir.resolve("broker-trust.p12"), STORE_PASSWORD)
                                .toString())
                .setConfigProp("ssl.truststore.password", STORE_PASSWORD)
                .setConfigProp("ssl.endpoint.identification.algorithm", "https")
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("allow.everyone.if.no.acl.found", "false");
        TestKitLifecycle.smallClusterDefaults(builder, (short) 1);
    }

    private static KafkaClusterTestKit start(KafkaClusterTestKit.Builder builder) {
        return TestKitLifecycle.start(builder, DESCRIPTION);
    }
}
