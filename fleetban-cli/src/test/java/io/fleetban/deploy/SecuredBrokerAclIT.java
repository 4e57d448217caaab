package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACLs of {@code deploy/kafka/create-topics-and-acls.sh} on a real broker with authentication and an
 * authorizer: a KRaft node whose client listener is SASL_PLAINTEXT (PLAIN) and whose authorizer is
 * {@code StandardAuthorizer}, denying whatever no ACL allows. The topics come from the topic registry, the ACLs
 * from the script's dry run, and every client is configured the way the agents configure theirs
 * ({@link KafkaSettings} with {@code security.protocol}/{@code sasl.*} from the {@code [kafka]} section).
 *
 * <p>The controller listener stays PLAINTEXT on loopback inside the node, so {@code User:ANONYMOUS} (the node
 * talking to itself) is a super user; no client can reach it as anonymous, since the client listener requires SASL.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecuredBrokerAclIT {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final String LISTENER = "EXTERNAL";
    private static final int PARTITIONS = 2;
    private static final Map<String, String> PASSWORDS = Map.of(
            "admin",
            "admin-secret",
            "shipper",
            "shipper-secret",
            "enforcer",
            "enforcer-secret",
            "coordinator",
            "coordinator-secret",
            "ops",
            "ops-secret");

    private static KafkaClusterTestKit cluster;
    private static Topics topics;

    @BeforeAll
    static void startSecuredBrokerWithTheScriptsAcls() throws Exception {
        final TestKitNodes nodes = new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerListenerName(new ListenerName(LISTENER))
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("super.users", "User:admin;User:ANONYMOUS")
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp("listener.name." + LISTENER.toLowerCase() + ".plain.sasl.jaas.config", brokerJaas())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        topics = Topics.create(settings("admin"));
        final List<AclBinding> acls = ScriptedAcls.of(
                REPO,
                "--shipper",
                "User:shipper",
                "--enforcer",
                "User:enforcer",
                "--client",
                "User:ops",
                "--coordinator",
                "User:coordinator");
        try (Admin admin = Admin.create(settings("admin").adminConfig("acl-it-admin"))) {
            admin.createTopics(topics.newTopics()).all().get(60, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            // The broker authorizes from its own copy of the metadata: wait until it answers with every ACL.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(admin.describeAcls(AclBindingFilter.ANY)
                                    .values()
                                    .get())
                            .containsAll(acls));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            // Bounded: a wedged quorum must not hang the suite.
            CompletableFuture.runAsync(() -> {
                        try {
                            cluster.close();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void shipperPublishesOffenses() throws Exception {
        try (KafkaProducer<String, Offense> shipper = new KafkaProducer<>(
                settings("shipper").producerConfig("shipper-web-1"),
                new StringSerializer(),
                topics.offenses().valueSerde().serializer())) {
            assertThat(shipper.send(new ProducerRecord<>(
                                    topics.offenses().name(), "203.0.113.7", offense("web-1/fail/1", "203.0.113.7")))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    /** The whole path under the script's ACLs: shipper -> coordinator (exactly-once Streams) -> enforcer. */
    @Test
    void coordinatorTurnsAShippersOffensesIntoABanTheEnforcerReads(@TempDir Path dir) throws Exception {
        final String attacker = "203.0.113.66";
        try (CoordinatorApp coordinator = new CoordinatorApp(CoordinatorConfig.load(coordinatorConf(dir)))) {
            coordinator.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
            try (KafkaProducer<String, Offense> shipper = new KafkaProducer<>(
                    settings("shipper").producerConfig("shipper-web-2"),
                    new StringSerializer(),
                    topics.offenses().valueSerde().serializer())) {
                for (int i = 0; i < 5; i++) {
                    shipper.send(new ProducerRecord<>(
                                    topics.offenses().name(), attacker, offense("web-2/fail/" + i, attacker)))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            try (KafkaConsumer<String, BanDecision> enforcer = new KafkaConsumer<>(
                    settings("enforcer").consumerConfig("enforcer-web-2", Optional.empty()),
                    new StringDeserializer(),
                    topics.bans().valueSerde().deserializer())) {
                final List<TopicPartition> partitions =
                        partitionsOf(topics.bans().name());
                enforcer.assign(partitions);
                enforcer.seekToBeginning(partitions);
                final List<BanDecision> bans = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    enforcer.poll(Duration.ofMillis(200)).forEach(r -> bans.add(r.value()));
                    assertThat(bans).extracting(BanDecision::getIp).contains(attacker);
                });
            }
        }
    }

    @Test
    void shipperIsDeniedWritingABan() {
        assertDeniedWriting("shipper", topics.bans().name());
        assertDeniedWriting("shipper", topics.commands().name());
    }

    @Test
    void enforcerReadsDecisionsWithoutAConsumerGroup() throws Exception {
        try (KafkaProducer<String, byte[]> admin = rawProducer("admin")) {
            admin.send(new ProducerRecord<>(topics.bans().name(), "198.51.100.9", new byte[] {1}))
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, byte[]> enforcer = rawConsumer("enforcer")) {
            final List<TopicPartition> partitions = partitionsOf(
                    topics.bans().name(),
                    topics.unbans().name(),
                    topics.activeBans().name());
            enforcer.assign(partitions);
            enforcer.seekToBeginning(partitions);
            final List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                final ConsumerRecords<String, byte[]> records = enforcer.poll(Duration.ofMillis(200));
                records.forEach(r -> keys.add(r.key()));
                assertThat(keys).contains("198.51.100.9");
            });
        }
    }

    @Test
    void enforcerIsDeniedReadingOffensesAndWritingBans() {
        try (KafkaConsumer<String, byte[]> enforcer = rawConsumer("enforcer")) {
            enforcer.assign(partitionsOf(topics.offenses().name()));
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100; i++) {
                            enforcer.poll(Duration.ofMillis(100));
                        }
                    })
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        assertDeniedWriting("enforcer", topics.bans().name());
    }

    @Test
    void operatorClientWritesCommandsOnly() throws Exception {
        try (KafkaProducer<String, byte[]> ops = rawProducer("ops")) {
            assertThat(ops.send(new ProducerRecord<>(topics.commands().name(), "203.0.113.8", new byte[] {1}))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isGreaterThanOrEqualTo(0);
        }
        assertDeniedWriting("ops", topics.bans().name());
        assertDeniedWriting("ops", topics.offenses().name());
    }

    /**
     * Denied as a topic (no WRITE on it) or, for a principal with no WRITE anywhere, already at the cluster: its
     * idempotent producer asks for a producer id first, which brokers since 3.0 grant only with some WRITE.
     */
    private static Offense offense(String id, String ip) {
        return Offense.newBuilder()
                .setOffenseId(id)
                .setJail("fail")
                .setIp(ip)
                .setHostId("web-1")
                .setEventTime(Instant.now())
                .setIngestTime(Instant.now())
                .setSource("/tmp/fail.log")
                .setLine("2026-01-01 00:00:00 - IP: " + ip + " - User-Agent: curl")
                .build();
    }

    /** The coordinator's fleetban.conf: the tutorial's jail, SASL credentials of User:coordinator in [kafka]. */
    private static Path coordinatorConf(Path dir) throws IOException {
        final FleetbanConfFile conf = new FleetbanConfFile();
        settings("coordinator").commonConfig().forEach((key, value) -> conf.set("kafka", key, value));
        return conf.set("kafka", "topic.partitions", PARTITIONS)
                .set("fail2ban", "config.dir", TutorialJail.fail2banDir(dir))
                .set("coordinator", "state.dir", dir.resolve("state"))
                .set("coordinator", "http.listen", "127.0.0.1:0")
                .set("coordinator", "commit.interval", "20ms")
                .writeTo(dir.resolve("fleetban.conf"));
    }

    private static void assertDeniedWriting(String user, String topic) {
        try (KafkaProducer<String, byte[]> producer = rawProducer(user)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "203.0.113.9", new byte[] {1}))
                            .get(30, TimeUnit.SECONDS))
                    .as("%s writing %s", user, topic)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    private static KafkaProducer<String, byte[]> rawProducer(String user) {
        return new KafkaProducer<>(
                settings(user).producerConfig("acl-it-" + user), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> rawConsumer(String user) {
        return new KafkaConsumer<>(
                settings(user).consumerConfig("acl-it-" + user, Optional.empty()),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitionsOf(String... names) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (String name : names) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(name, p));
            }
        }
        return partitions;
    }

    /** The [kafka] section an agent of this user would have: SASL/PLAIN through the pass-through keys. */
    private static KafkaSettings settings(String user) {
        return new KafkaSettings(
                cluster.bootstrapServers(),
                "fleetban.",
                Optional.empty(),
                PARTITIONS,
                PARTITIONS,
                (short) 1,
                Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config",
                                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                                        + "\" password=\"" + PASSWORDS.get(user) + "\";"));
    }

    private static String brokerJaas() {
        final StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"admin\" password=\"admin-secret\"");
        PASSWORDS.forEach((user, password) -> jaas.append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append('"'));
        return jaas.append(';').toString();
    }
}
