package io.fleetban.enforcer;

import static io.fleetban.enforcer.consume.DecisionRecords.activeBan;
import static io.fleetban.enforcer.consume.DecisionRecords.ban;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enforcer restarted while the Schema Registry is down, on a real broker with the Confluent wire format. Restarted
 * with the state.dir it ran with, it decodes from the schema cache kept there: the ban decided during the outage is
 * applied at start (from active-bans, where a restarted enforcer finds what was decided while it was down) and the
 * bans that follow are applied as they come. Restarted with an empty state.dir, it holds that ban (applies nothing,
 * skips nothing) until the registry answers again. Each test has its own broker and registry: active-bans is read
 * whole at every start.
 */
@Tag("integration")
@Timeout(180)
class EnforcerRestartDuringRegistryOutageIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String ACTIVE_BEFORE = "198.51.100.20";
    private static final String BANNED_BEFORE = "198.51.100.21";
    private static final String BANNED_DURING_OUTAGE = "198.51.100.22";
    private static final String BANNED_AFTER_RESTART = "198.51.100.23";

    @AutoClose
    private SchemaRegistryDouble registry;

    @AutoClose
    private DecisionBroker broker;

    private Topics coordinator;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    @BeforeEach
    void startBrokerAndRegistry() throws Exception {
        registry = SchemaRegistryDouble.start(1);
        broker = DecisionBroker.startWithSchemaRegistry(registry.url());
        coordinator = broker.topics();
    }

    @Test
    void restartedWithItsStateDirItAppliesBansWithoutTheRegistry() throws Exception {
        final EnforcerConfig config = enforcerConfig("host");
        runWhileTheRegistryIsUp(config);
        assertThat(Topics.schemaCacheDirectory(config.stateDir())).isDirectoryContaining(Files::isRegularFile);

        registry.goDown();
        banDuringTheOutage();
        final DryRunPrintout printed = new DryRunPrintout();
        try (EnforcerApp restarted = printed.enforcer(config)) {
            restarted.start();
            assertThat(printed.text()).contains(added(BANNED_DURING_OUTAGE));

            broker.send(
                    coordinator.bans(),
                    BANNED_AFTER_RESTART,
                    ban(BANNED_AFTER_RESTART, now.plusMillis(2), now.plusSeconds(600)));
            await().atMost(AT_MOST).until(() -> printed.contains(added(BANNED_AFTER_RESTART)));
            assertThat(restarted.metrics().total(EnforcerMetrics.RECORDS_UNDECODABLE))
                    .isZero();
        }
    }

    @Test
    void restartedWithAnEmptyStateDirItHoldsTheBanUntilTheRegistryAnswers() throws Exception {
        runWhileTheRegistryIsUp(enforcerConfig("host"));

        registry.goDown();
        banDuringTheOutage();
        final DryRunPrintout printed = new DryRunPrintout();
        try (EnforcerApp restarted = printed.enforcer(enforcerConfig("same-host-empty-state-dir"))) {
            final CompletableFuture<Void> started = CompletableFuture.runAsync(() -> start(restarted));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !started.isDone() && !printed.contains(added(BANNED_DURING_OUTAGE)));
            assertThat(restarted.metrics().total(EnforcerMetrics.RECORDS_UNDECODABLE))
                    .isZero();

            registry.comeBack();
            started.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
            assertThat(printed.text()).contains(added(BANNED_DURING_OUTAGE));
            assertThat(restarted.metrics().total(EnforcerMetrics.RECORDS_UNDECODABLE))
                    .isZero();
        }
    }

    /** The config of an enforcer whose fleetban.conf and state.dir are in {@code dir/name}. */
    private EnforcerConfig enforcerConfig(String name) throws Exception {
        return broker.enforcerConfig(Files.createDirectories(dir.resolve(name)), "it-restart", "dry-run");
    }

    /**
     * A first run with the registry up, which fetches both schemas a restart needs: active-bans' at start, bans'
     * while it runs.
     */
    private void runWhileTheRegistryIsUp(EnforcerConfig config) throws Exception {
        broker.send(
                coordinator.activeBans(),
                Topics.activeBanKey("fail", ACTIVE_BEFORE),
                activeBan(ACTIVE_BEFORE, now, now.plusSeconds(600)));
        final DryRunPrintout printed = new DryRunPrintout();
        try (EnforcerApp first = printed.enforcer(config)) {
            first.start();
            assertThat(printed.text()).contains(added(ACTIVE_BEFORE));
            broker.send(coordinator.bans(), BANNED_BEFORE, ban(BANNED_BEFORE, now, now.plusSeconds(600)));
            await().atMost(AT_MOST).until(() -> printed.contains(added(BANNED_BEFORE)));
        }
    }

    /**
     * A ban decided while the registry is down, written as the coordinator writes it (to bans and active-bans) with
     * the schemas it registered before the outage.
     */
    private void banDuringTheOutage() throws Exception {
        final Instant decided = now.plusMillis(1);
        broker.send(
                coordinator.bans(), BANNED_DURING_OUTAGE, ban(BANNED_DURING_OUTAGE, decided, decided.plusSeconds(600)));
        broker.send(
                coordinator.activeBans(),
                Topics.activeBanKey("fail", BANNED_DURING_OUTAGE),
                activeBan(BANNED_DURING_OUTAGE, decided, decided.plusSeconds(600)));
    }

    private static void start(EnforcerApp app) {
        try {
            app.start();
        } catch (FirewallException e) {
            throw new CompletionException(e);
        }
    }

    private static String added(String ip) {
        return "add fleetban-fail-v4 " + ip + " timeout";
    }
}
