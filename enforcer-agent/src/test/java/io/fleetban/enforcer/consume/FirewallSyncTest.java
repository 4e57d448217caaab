package io.fleetban.enforcer.consume;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import io.fleetban.enforcer.backend.TestClock;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FirewallSyncTest {

    private final TestClock clock = new TestClock(NOW);
    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final IpsetBackend backend = new IpsetBackend(runner, clock, 1000);
    private final BanLedger ledger = new BanLedger(Duration.ofMinutes(10), 1000);
    private final EnforcerMetrics metrics = new EnforcerMetrics();
    private final FirewallSync sync = new FirewallSync(backend, ledger, clock, Duration.ofSeconds(60), metrics);

    @BeforeEach
    void init() throws FirewallException {
        backend.init(List.of(FAIL));
        runner.clear();
    }

    private List<BanLedger.Change> banAttackers(String... ips) {
        return Arrays.stream(ips).map(ip -> ledger.ban(banFor("fail", ip, 60), NOW, NOW)).toList();
    }

    @Test
    void shouldApplyDecisionsPolledTogetherInOneCommit() {
        sync.apply(banAttackers("198.51.100.2", "198.51.100.3"));

        assertThat(runner.lines()).containsExactly("ipset -exist restore");
        assertThat(metrics.count(EnforcerMetrics.COMMITS)).isEqualTo(1);
        assertThat(metrics.count(EnforcerMetrics.DECISIONS_APPLIED)).isEqualTo(2);
    }

    @Test
    void shouldRetryAFailedCommitByReconcilingWithBackoff() {
        runner.answer(argv -> new CommandResult(argv, 1, "", "ipset: kernel error"));
        sync.apply(banAttackers("198.51.100.2"));
        assertThat(metrics.count(EnforcerMetrics.COMMITS_FAILED)).isEqualTo(1);

        runner.answer(argv -> new CommandResult(argv, 0, "", ""));
        runner.clear();
        clock.advance(Duration.ofMillis(99));
        sync.tick();
        assertThat(runner.calls()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        sync.tick();
        assertThat(runner.lines()).containsExactly(
                "ipset save fleetban-fail-v4", "ipset save fleetban-fail-v6", "ipset -exist restore");
        assertThat(runner.calls().get(2).stdin()).isEqualTo("add fleetban-fail-v4 198.51.100.2 timeout 60\n");
    }

    @Test
    void shouldDoubleTheRetryDelayUpToThirtySeconds() {
        assertThat(FirewallSync.retryDelay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(FirewallSync.retryDelay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(FirewallSync.retryDelay(40)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldReAddMissingEntriesAndRemoveOnlyEntriesNoLongerBanned() {
        banAttackers("198.51.100.2", "198.51.100.3");
        runner.answer(argv -> new CommandResult(argv, 0, argv.contains("fleetban-fail-v4")
                ? "add fleetban-fail-v4 198.51.100.3 timeout 50\nadd fleetban-fail-v4 198.51.100.99 timeout 5\n" : "", ""));

        assertThat(sync.reconcile()).isTrue();

        assertThat(runner.calls().get(2).stdin()).isEqualTo("""
                del fleetban-fail-v4 198.51.100.99
                add fleetban-fail-v4 198.51.100.2 timeout 60
                """);
        assertThat(metrics.count(EnforcerMetrics.RECONCILE_REPAIRS)).isEqualTo(2);
    }

    @Test
    void shouldReconcileOnItsIntervalOnly() {
        sync.tick();
        assertThat(runner.calls()).isEmpty();

        clock.advance(Duration.ofSeconds(60));
        sync.tick();

        assertThat(runner.lines()).containsExactly("ipset save fleetban-fail-v4", "ipset save fleetban-fail-v6");
    }

    @Test
    void shouldRemoveBansWhoseTimeIsUpOnTheNextTick() {
        sync.apply(banAttackers("198.51.100.2"));
        runner.clear();

        clock.advance(Duration.ofSeconds(60));
        sync.tick();

        assertThat(runner.calls().get(0).line()).isEqualTo("ipset -exist restore");
        assertThat(runner.calls().get(0).stdin()).isEqualTo("del fleetban-fail-v4 198.51.100.2\n");
    }
}
