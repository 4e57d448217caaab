package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerApp;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.shipper.ShipperApp;
import io.fleetban.shipper.ShipperConfig;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.SecuredKafkaCluster;
import io.fleetban.testkit.TutorialJail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One web host's fleetban.conf made from a shipped {@code deploy/kafka/fleetban-*.conf}, used as it is: every section
 * and key of the example stays, and only site-specific values change (the brokers' address, and the example's
 * {@code /etc/fleetban/...} files, which the test writes with certificates of its own CA). The fleet around it is real:
 * a secured {@link SecuredKafkaCluster} with the topics of the topic registry and the ACLs of
 * {@code create-topics-and-acls.sh}, a coordinator with its own principal, and the host's shipper and dry-run
 * enforcer, each with the principal of its own {@code [<agent>.kafka]} section.
 */
final class SecuredExampleFleet {

    static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    static final String SHIPPER = "shipper-web-1";
    static final String ENFORCER = "enforcer-web-1";
    static final String COORDINATOR = "coordinator";
    private static final Pattern JAAS_LOGIN = Pattern.compile("username=\"([^\"]+)\"\\s+password=\"([^\"]*)\"");
    private static final Duration AT_MOST = Duration.ofSeconds(90);

    private final SecuredKafkaCluster cluster;
    private final IniFile example;
    private final Path dir;
    /** Example file path -> the file the test wrote in its place. */
    private final Map<String, String> files = new TreeMap<>();

    private Map<String, String> coordinatorKafka = Map.of();

    SecuredExampleFleet(SecuredKafkaCluster cluster, Path example, Path dir) {
        this.cluster = cluster;
        this.example = IniFile.read(example);
        this.dir = dir;
        files.put("/etc/fleetban/kafka-ca.pem", cluster.certificates().caPem().toString());
    }

    /** The test's file standing in for the example's {@code examplePath}. */
    SecuredExampleFleet withFile(String examplePath, Path testFile) {
        files.put(examplePath, testFile.toString());
        return this;
    }

    /** A value of the example, e.g. the PKCS#12 password the test's keystore must have. */
    String exampleValue(String section, String key) {
        return example.section(section)
                .map(s -> s.get(key))
                .orElseThrow(() -> new AssertionError("the example has no [" + section + "] " + key));
    }

    /** {@code user -> password} of the example's SCRAM logins, from each agent section's {@code sasl.jaas.config}. */
    Map<String, String> exampleLogins() {
        final Map<String, String> logins = new TreeMap<>();
        example.sections().values().forEach(section -> {
            final Matcher login = JAAS_LOGIN.matcher(section.getOrDefault("sasl.jaas.config", ""));
            if (login.find()) {
                logins.put(login.group(1), login.group(2));
            }
        });
        return logins;
    }

    /** Creates the topics and puts exactly the script's ACLs on the broker, for the principals the examples name. */
    void topicsAndScriptedAcls() throws Exception {
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            admin.createTopics(Topics.create(KafkaSettings.local(cluster.bootstrapServers()))
                            .newTopics())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        cluster.allow(ScriptedAcls.of(
                REPO,
                "--shipper",
                "User:" + SHIPPER,
                "--enforcer",
                "User:" + ENFORCER,
                "--coordinator",
                "User:" + COORDINATOR,
                "--client",
                "User:ops"));
    }

    /**
     * The host's fleetban.conf: the example with its site-specific values replaced, plus the tutorial's jail and the
     * shipper's and the dry-run enforcer's own sections.
     */
    Path hostConf(Path log) throws IOException {
        final FleetbanConfFile conf = exampleSections();
        return conf.set("fail2ban", "config.dir", TutorialJail.fail2banDir(dir.resolve("host"), log))
                .set("shipper", "host.id", "web-1")
                .set("shipper", "state.dir", dir.resolve("shipper"))
                .set("shipper", "log.timezone", "UTC")
                .set("enforcer", "host.id", "web-1")
                .set("enforcer", "backend", "dry-run")
                .set("enforcer", "state.dir", dir.resolve("enforcer"))
                .writeTo(dir.resolve("host.conf"));
    }

    /** The coordinator host's fleetban.conf: the example's [kafka], and the coordinator's own login. */
    Path coordinatorConf(Map<String, String> coordinatorKafka) throws IOException {
        final FleetbanConfFile conf = new FleetbanConfFile();
        example.section(KafkaSettings.SECTION)
                .orElseThrow()
                .forEach((key, value) -> conf.set(KafkaSettings.SECTION, key, site(key, value)));
        coordinatorKafka.forEach((key, value) -> conf.set(KafkaSettings.agentSection(COORDINATOR), key, value));
        return conf.set("fail2ban", "config.dir", TutorialJail.fail2banDir(dir.resolve("coordinator-host")))
                .set("coordinator", "state.dir", dir.resolve("coordinator"))
                .set("coordinator", "http.listen", "127.0.0.1:0")
                .set("coordinator", "commit.interval", "20ms")
                .writeTo(dir.resolve("coordinator.conf"));
    }

    /** shipper -> coordinator -> enforcer: five lines in the host's log end in the enforcer's (dry-run) ban. */
    void fiveLinesEndInABan(String attacker) throws Exception {
        final Path log = Files.createFile(dir.resolve("fail.log"));
        final Path host = hostConf(log);
        final ByteArrayOutputStream firewall = new ByteArrayOutputStream();
        try (CoordinatorApp coordinator =
                new CoordinatorApp(CoordinatorConfig.load(coordinatorConf(coordinatorKafka)))) {
            coordinator.start();
            await().atMost(AT_MOST).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
            try (ShipperApp shipper = ShipperApp.create(ShipperConfig.load(host));
                    EnforcerApp enforcer = new EnforcerApp(
                            EnforcerConfig.load(host),
                            Clock.systemUTC(),
                            new ProcessCommandRunner(Duration.ofSeconds(5)),
                            new PrintStream(firewall, true, StandardCharsets.UTF_8))) {
                shipper.start();
                enforcer.start();
                for (int i = 0; i < TutorialJail.MAX_RETRY; i++) {
                    TutorialJail.append(log, attacker);
                }
                await().atMost(AT_MOST)
                        .until(() -> firewall.toString(StandardCharsets.UTF_8)
                                .contains("add fleetban-fail-v4 " + attacker + " timeout"));
            }
        }
    }

    /** The coordinator's own {@code [coordinator.kafka]} keys (its certificate or login), set by the test class. */
    SecuredExampleFleet withCoordinatorKafka(Map<String, String> keys) {
        this.coordinatorKafka = Map.copyOf(keys);
        return this;
    }

    /** An agent's Kafka settings as that agent reads them from the host's fleetban.conf (the example's sections). */
    KafkaSettings agentSettings(String agent) {
        final Map<String, String> kafka = new TreeMap<>();
        final Map<String, String> own = new TreeMap<>();
        example.section(KafkaSettings.SECTION).orElseThrow().forEach((key, value) -> kafka.put(key, site(key, value)));
        example.section(KafkaSettings.agentSection(agent))
                .orElse(Map.of())
                .forEach((key, value) -> own.put(key, site(key, value)));
        return KafkaSettings.parse(kafka, own, agent, example.file().toString());
    }

    /** Producing to {@code topic} with the agent's settings is refused by the broker's authorizer. */
    void assertDeniedWriting(String agent, String topic) {
        final KafkaSettings settings = agentSettings(agent);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                settings.producerConfig("denied-" + agent), new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "203.0.113.9", new byte[] {1}))
                            .get(30, TimeUnit.SECONDS))
                    .as("%s writing %s", agent, topic)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    String topic(String name) {
        return "fleetban." + name;
    }

    /** Every section and key of the example, site-specific values replaced. */
    private FleetbanConfFile exampleSections() {
        final FleetbanConfFile conf = new FleetbanConfFile();
        example.sections()
                .forEach((section, keys) -> keys.forEach((key, value) -> conf.set(section, key, site(key, value))));
        return conf;
    }

    private String site(String key, String value) {
        if (key.equals(KafkaSettings.BOOTSTRAP_SERVERS)) {
            return cluster.bootstrapServers();
        }
        String replaced = value;
        for (Map.Entry<String, String> file : files.entrySet()) {
            replaced = replaced.replace(file.getKey(), file.getValue());
        }
        assertThat(replaced)
                .as("the test has no file for the example's %s", key)
                .doesNotContain("/etc/fleetban/");
        return replaced;
    }

    List<String> exampleSectionNames() {
        return example.sectionNames();
    }
}
