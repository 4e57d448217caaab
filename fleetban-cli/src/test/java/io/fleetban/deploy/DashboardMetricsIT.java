package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerApp;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import io.fleetban.shipper.ShipperApp;
import io.fleetban.shipper.ShipperConfig;
import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.TutorialJail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard ({@code deploy/grafana/fleetban-dashboard.json}) and the Prometheus alert rules
 * ({@code deploy/prometheus/fleetban-alerts.yml}) query is one the agents really export. The three agents run in this JVM against an in-process broker, configured from one fleetban.conf
 * the way an operator would: a shipper tails the tutorial's log, the coordinator bans after five lines, an enforcer
 * with the dry-run backend applies the ban (and refuses one address in its never.ban range, and skips one
 * undecodable record, so the lazily registered counters exist), and a manual unban lifts the ban; then each agent's {@code /metrics} is scraped over
 * HTTP and every metric name in the dashboard's and the alerts' PromQL must appear in at least one scrape.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DashboardMetricsIT {

    static final Path DASHBOARD = QueriedMetrics.DASHBOARD;
    private static final Duration AT_MOST = Duration.ofSeconds(90);
    private static final String ATTACKER = "198.51.100.66";
    private static final String NEVER_BANNED = "203.0.113.50";

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExportedAfterOneBan() throws Exception {
        final Set<String> dashboard = QueriedMetrics.inDashboard(DASHBOARD);
        final Set<String> alerts = QueriedMetrics.inAlertRules(QueriedMetrics.ALERT_RULES);
        assertThat(dashboard).isNotEmpty();
        assertThat(alerts).isNotEmpty();
        final Path log = Files.createFile(dir.resolve("fail.log"));
        final ByteArrayOutputStream firewall = new ByteArrayOutputStream();
        try (KafkaTestCluster cluster = KafkaTestCluster.singleBroker()) {
            final Path conf = fleetbanConf(cluster.bootstrapServers(), log);
            try (CoordinatorApp coordinator = new CoordinatorApp(CoordinatorConfig.load(conf))) {
                coordinator.start();
                await().atMost(AT_MOST).until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
                try (ShipperApp shipper = ShipperApp.create(ShipperConfig.load(conf));
                        EnforcerApp enforcer = new EnforcerApp(
                                EnforcerConfig.load(conf),
                                Clock.systemUTC(),
                                new ProcessCommandRunner(Duration.ofSeconds(5)),
                                new PrintStream(firewall, true, StandardCharsets.UTF_8))) {
                    shipper.start();
                    enforcer.start();
                    oneBanAndOneRefusal(log, firewall, enforcer);
                    manualUnban(cluster.bootstrapServers(), firewall);
                    sendUndecodableDecision(cluster.bootstrapServers());
                    await().atMost(AT_MOST)
                            .until(() -> enforcer.scrape().contains("fleetban_enforcer_records_undecodable"));

                    final Map<String, String> scrapes = new TreeMap<>();
                    scrapes.put("shipper", scrape(shipper.metricsAddress().orElseThrow()));
                    scrapes.put("coordinator", scrape(coordinator.queryAddress().hostAndPort()));
                    scrapes.put("enforcer", scrape(enforcer.metricsAddress().orElseThrow()));
                    for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
                        Files.writeString(
                                Path.of("target", "dashboard-it-" + scrape.getKey() + ".prom"), scrape.getValue());
                    }
                    assertThat(missing(dashboard, scrapes))
                            .as("metrics the dashboard queries that no agent exports")
                            .isEmpty();
                    assertThat(missing(alerts, scrapes))
                            .as("metrics the alert rules query that no agent exports")
                            .isEmpty();
                }
            }
        }
    }

    private static void oneBanAndOneRefusal(Path log, ByteArrayOutputStream firewall, EnforcerApp enforcer)
            throws Exception {
        for (int i = 0; i < TutorialJail.MAX_RETRY; i++) {
            TutorialJail.append(log, ATTACKER, NEVER_BANNED);
        }
        await().atMost(AT_MOST)
                .until(() -> firewall.toString(StandardCharsets.UTF_8)
                        .contains("add fleetban-fail-v4 " + ATTACKER + " timeout"));
        await().atMost(AT_MOST).until(() -> enforcer.scrape().contains("fleetban_enforcer_bans_refused_total"));
        assertThat(firewall.toString(StandardCharsets.UTF_8)).doesNotContain(NEVER_BANNED);
    }

    /** What {@code fleetban client unbanip} writes: the coordinator's unban counter exists from then on. */
    private static void manualUnban(String bootstrapServers, ByteArrayOutputStream firewall) throws Exception {
        final KafkaSettings kafka = KafkaSettings.local(bootstrapServers);
        final Topic<String, Command> commands = Topics.create(kafka).commands();
        final Command unban = Command.newBuilder()
                .setCommandId("dashboard-it-1")
                .setAction(CommandAction.UNBAN)
                .setJail(TutorialJail.JAIL)
                .setIp(ATTACKER)
                .setActor("dashboard-it")
                .setReason("test")
                .setIssuedAt(Instant.now())
                .build();
        try (KafkaProducer<String, Command> producer = new KafkaProducer<>(
                kafka.producerConfig("dashboard-it-ops"),
                commands.keySerde().serializer(),
                commands.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(commands.name(), ATTACKER, unban))
                    .get(30, TimeUnit.SECONDS);
        }
        await().atMost(AT_MOST)
                .until(() -> firewall.toString(StandardCharsets.UTF_8).contains("del fleetban-fail-v4 " + ATTACKER));
    }

    private static void sendUndecodableDecision(String bootstrapServers) throws Exception {
        final KafkaSettings kafka = KafkaSettings.local(bootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                kafka.producerConfig("dashboard-it"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.create(kafka).bans().name(),
                            "198.51.100.99".getBytes(StandardCharsets.UTF_8),
                            "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private Path fleetbanConf(String bootstrapServers, Path log) throws Exception {
        return new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", bootstrapServers)
                .set("kafka", "topic.partitions", 2)
                .set("fail2ban", "config.dir", withSafetyValve(TutorialJail.fail2banDir(dir, log)))
                .set("shipper", "host.id", "web-1")
                .set("shipper", "state.dir", dir.resolve("shipper"))
                .set("shipper", "log.timezone", "UTC")
                .set("shipper", "metrics.listen", "127.0.0.1:0")
                .set("coordinator", "state.dir", dir.resolve("coordinator"))
                .set("coordinator", "http.listen", "127.0.0.1:0")
                .set("coordinator", "commit.interval", "20ms")
                .set("enforcer", "host.id", "web-1")
                .set("enforcer", "backend", "dry-run")
                .set("enforcer", "never.ban", "203.0.113.0/24")
                .set("enforcer", "metrics.listen", "127.0.0.1:0")
                .writeTo(dir.resolve("fleetban.conf"));
    }

    /** The tutorial jail with a safety valve, high enough never to trip here: its gauge exists only for such jails. */
    private static Path withSafetyValve(Path fail2banDir) throws Exception {
        Files.writeString(fail2banDir.resolve("jail.d/fail.local"), "[fail]\nfleet.maxbans.rate = 1000/1m\n");
        return fail2banDir;
    }

    /** The metric names in every panel target's PromQL ({@code expr}) of the dashboard. */
    static Set<String> metricNames(Path dashboard) throws Exception {
        return QueriedMetrics.inDashboard(dashboard);
    }

    private static List<String> missing(Set<String> queried, Map<String, String> scrapes) {
        final Set<String> exported = new TreeSet<>();
        scrapes.values().forEach(scrape -> exported.addAll(QueriedMetrics.exported(scrape)));
        final List<String> missing = new ArrayList<>();
        for (String name : queried) {
            if (!exported.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static String scrape(InetSocketAddress address) throws Exception {
        return scrape(address.getHostString() + ":" + address.getPort());
    }

    private static String scrape(String hostAndPort) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + hostAndPort + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode())
                .as("GET http://%s/metrics", hostAndPort)
                .isEqualTo(200);
        return response.body();
    }
}
