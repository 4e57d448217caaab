package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.BanDecision;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.KafkaTestCluster;
import io.fleetban.testkit.SchemaRegistryDouble;
import io.fleetban.wire.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator and a Schema Registry outage, on a real broker with exactly-once: started during the outage it
 * waits (no stream thread runs, none fails) and bans once the registry is back; restarted during the outage after
 * having seen the schemas, it processes offenses and bans without the registry, from the state it had (no stream
 * thread failed, nothing restored from the changelog); closed while it waits, it stops waiting.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CoordinatorRegistryOutageIT {

    private static final String ATTACKER = "203.0.113.60";
    private static final String OTHER_ATTACKER = "203.0.113.61";
    private static final int MAXRETRY = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kafka Streams' line when a changelog partition has been restored into a store. */
    private static final Pattern RESTORED = Pattern.compile("with a total number of (\\d+) records");

    private static KafkaTestCluster cluster;

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack resources = new ClosingStack();

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() {
        cluster = KafkaTestCluster.singleBroker();
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCoordinatorStartedDuringAnOutageWaitsAndBansOnceTheRegistryIsBack() throws Exception {
        SchemaRegistryDouble registry = resources.add(SchemaRegistryDouble.start(1));
        KafkaSettings kafka = kafka(registry, "outage-start.");
        Topics shipperTopics = Topics.create(kafka);
        // The shippers registered their offense schema before the outage.
        ((AvroSerde<?>) shipperTopics.offenses().valueSerde())
                .resolveWriterSchema(shipperTopics.offenses().name());
        TopicTraffic traffic = new TopicTraffic(kafka, shipperTopics);
        CapturedLog warmUpLog = resources.add(new CapturedLog(SchemaWarmUp.class));
        CapturedLog appLog = resources.add(new CapturedLog(CoordinatorApp.class));
        registry.goDown();

        CoordinatorApp app = resources.add(new CoordinatorApp(config(kafka, "outage-start", dir.resolve("state"))));
        CompletableFuture<Void> started = CompletableFuture.runAsync(app::start);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> warmUpLog.messages().stream()
                        .anyMatch(line -> line.startsWith("schema registry unavailable, retrying in")));
        traffic.offenses("fail", ATTACKER, "web-a", "web-b", "web-c");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> !started.isDone() && app.state() == KafkaStreams.State.CREATED);
        assertThat(healthStatus(app))
                .as("unhealthy, not unreachable, while it waits")
                .isEqualTo(503);

        registry.comeBack();

        started.get(60, TimeUnit.SECONDS);
        List<BanDecision> bans = traffic.readCommitted(shipperTopics.bans(), 1, "outage-start-bans");
        assertThat(bans).singleElement().satisfies(ban -> {
            assertThat(ban.getIp()).isEqualTo(ATTACKER);
            assertThat(ban.getFailures()).isEqualTo(MAXRETRY);
        });
        assertThat(appLog.messages()).noneMatch(line -> line.startsWith("stream thread died"));
    }

    @Test
    void aCoordinatorClosedWhileWaitingForTheRegistryStopsWaitingWithoutStarting() throws Exception {
        SchemaRegistryDouble registry = resources.add(SchemaRegistryDouble.start(1));
        CapturedLog warmUpLog = resources.add(new CapturedLog(SchemaWarmUp.class));
        registry.goDown();
        CoordinatorApp app = resources.add(
                new CoordinatorApp(config(kafka(registry, "outage-close."), "outage-close", dir.resolve("state"))));
        CompletableFuture<Void> started = CompletableFuture.runAsync(app::start);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> warmUpLog.messages().stream()
                        .anyMatch(line -> line.startsWith("schema registry unavailable, retrying in")));

        app.close();

        started.get(10, TimeUnit.SECONDS);
        assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
    }

    @Test
    void aCoordinatorRestartedDuringAnOutageBansFromItsStateWithoutTheRegistry() throws Exception {
        SchemaRegistryDouble registry = resources.add(SchemaRegistryDouble.start(1));
        KafkaSettings kafka = kafka(registry, "outage-restart.");
        Topics shipperTopics = Topics.create(kafka);
        TopicTraffic traffic = new TopicTraffic(kafka, shipperTopics);
        CoordinatorConfig config = config(kafka, "outage-restart", dir.resolve("state"));
        CoordinatorApp first = resources.add(new CoordinatorApp(config));
        first.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> first.state() == KafkaStreams.State.RUNNING);
        traffic.offenses("fail", ATTACKER, "web-a", "web-b");
        traffic.offenses("fail", OTHER_ATTACKER, "web-a", "web-b", "web-c");
        traffic.readCommitted(shipperTopics.bans(), 1, "outage-restart-first-bans");
        await().atMost(Duration.ofSeconds(30)).until(() -> countedOffenses(first, ATTACKER) == MAXRETRY - 1);
        first.close();
        resources.remove(first);
        assertThat(Topics.schemaCacheDirectory(config.stateDir()))
                .isDirectoryContaining(file -> Files.isRegularFile(file));

        registry.goDown();
        CapturedLog restoreLog =
                resources.add(new CapturedLog("org.apache.kafka.streams.processor.internals.StoreChangelogReader"));
        CapturedLog coordinatorLog = resources.add(new CapturedLog("io.fleetban.coordinator"));
        CoordinatorApp restarted = resources.add(new CoordinatorApp(config));
        restarted.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> restarted.state() == KafkaStreams.State.RUNNING);
        traffic.offenses("fail", ATTACKER, "web-c");

        List<BanDecision> bans = traffic.readCommitted(shipperTopics.bans(), 2, "outage-restart-all-bans");
        assertThat(bans).extracting(BanDecision::getIp).containsExactlyInAnyOrder(OTHER_ATTACKER, ATTACKER);
        assertThat(bans)
                .filteredOn(ban -> ban.getIp().equals(ATTACKER))
                .singleElement()
                .satisfies(ban -> assertThat(ban.getHosts())
                        .as("two offenses from before the restart")
                        .containsExactly("web-a", "web-b", "web-c"));
        assertThat(coordinatorLog.messages())
                .as("no stream thread failed")
                .noneMatch(line -> line.startsWith("stream thread died"))
                .noneMatch(line -> line.startsWith("schema registry unavailable"));
        assertThat(restoreLog.messages())
                .as("Streams reported its changelogs restored")
                .anyMatch(line -> RESTORED.matcher(line).find());
        assertThat(restoredRecords(restoreLog))
                .as("no state wiped and restored from the changelog")
                .isZero();
    }

    private static KafkaSettings kafka(SchemaRegistryDouble registry, String prefix) {
        return new KafkaSettings(
                cluster.bootstrapServers(), prefix, Optional.of(registry.url()), 2, 2, (short) 1, Map.of());
    }

    private CoordinatorConfig config(KafkaSettings kafka, String applicationId, Path stateDir) {
        return TestCoordinatorConfigs.of(
                dir, kafka, TestCoordinatorConfigs.failJail(MAXRETRY), applicationId, stateDir, 0);
    }

    private int healthStatus(CoordinatorApp app) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + app.queryAddress().hostAndPort() + "/health"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private int countedOffenses(CoordinatorApp app, String ip) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://" + app.queryAddress().hostAndPort() + "/jails/fail/ips/" + ip))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode offender = JSON.readTree(response.body());
        return response.statusCode() == 200 ? offender.path("offenses").size() : 0;
    }

    /** The records Streams restored into stores from changelogs, summed over its "Finished restoring" lines. */
    private static long restoredRecords(CapturedLog restoreLog) {
        return restoreLog.messages().stream()
                .map(RESTORED::matcher)
                .filter(Matcher::find)
                .mapToLong(matcher -> Long.parseLong(matcher.group(1)))
                .sum();
    }
}
