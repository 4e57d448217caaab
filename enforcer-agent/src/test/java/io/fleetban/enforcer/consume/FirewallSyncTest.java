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

    /** The v4 set's create line a batch starts with (see IpsetScript). */
    private static final String CREATE_V4 =
            "create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000\n";

    private final TestClock clock = new TestClock(NOW);
    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final IpsetBackend backend = new IpsetBackend(runner, clock, 1000);
    private final HostBanList banList = new HostBanList(Duration.ofMinutes(10), 1000);
    private final EnforcerMetrics metrics = new EnforcerMetrics();
    private final FirewallSync sync =
            new FirewallSync(backend, banList, clock, Duration.ofSeconds(60), Duration.ofMinutes(5), metrics);

    @BeforeEach
    void init() throws FirewallException {
        backend.init(List.of(FAIL));
        runner.clear();
    }

    private List<HostBanList.Change> banAttackers(String... ips) {
        return Arrays.stream(ips)
                .map(ip -> banList.ban(banFor("fail", ip, 60), NOW, NOW))
                .toList();
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
        assertThat(runner.lines())
                .containsExactly("ipset save fleetban-fail-v4", "ipset save fleetban-fail-v6", "ipset -exist restore");
        assertThat(runner.calls().get(2).stdin())
                .isEqualTo(CREATE_V4 + "add fleetban-fail-v4 198.51.100.2 timeout 60\n");
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
        runner.answer(argv -> new CommandResult(
                argv,
                0,
                argv.contains("fleetban-fail-v4")
                        ? "add fleetban-fail-v4 198.51.100.3 timeout 50\nadd fleetban-fail-v4 198.51.100.99 timeout 5\n"
                        : "",
                ""));

        assertThat(sync.reconcile()).isTrue();

        assertThat(runner.calls().get(2).stdin()).isEqualTo("""
                create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000
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
        assertThat(runner.calls().get(0).stdin()).isEqualTo(CREATE_V4 + "del fleetban-fail-v4 198.51.100.2\n");
    }

    /** What ipset and iptables-save answer for an intact firewall, with the IPv4 set {@code flushed} or not. */
    private static CommandResult intact(List<String> argv, boolean flushed, boolean jump) {
        if (argv.equals(List.of("ipset", "test", "fleetban-fail-v4", "255.255.255.255")) && flushed) {
            return new CommandResult(argv, 1, "", "255.255.255.255 is NOT in set fleetban-fail-v4.\n");
        }
        final String out = switch (argv.get(0)) {
            case "ipset" -> argv.contains("-n") ? "fleetban-fail-v4\nfleetban-fail-v6\n" : "";
            case "iptables-save", "ip6tables-save" -> {
                final String set = argv.get(0).startsWith("ip6") ? "fleetban-fail-v6" : "fleetban-fail-v4";
                yield "*filter\n:INPUT ACCEPT [0:0]\n:fleetban - [0:0]\n" + (jump ? "-A INPUT -j fleetban\n" : "")
                        + "-A fleetban -p tcp -m multiport --dports 8000 -m set --match-set " + set
                        + " src -j REJECT --reject-with icmp-port-unreachable\nCOMMIT\n";
            }
            default -> "";
        };
        return new CommandResult(argv, 0, out, "");
    }

    @Test
    void shouldPutBackAMissingJumpFirstInInputAndCountIt() {
        runner.answer(argv -> intact(argv, false, !argv.get(0).equals("iptables-save")));

        sync.checkDrift();

        // Without a long-lived ipset or nft (this runner only records commands), one process per question.
        assertThat(runner.lines())
                .containsExactly(
                        "ipset test fleetban-fail-v4 255.255.255.255",
                        "ipset test fleetban-fail-v6 ff00::",
                        "iptables -V",
                        "iptables-save -t filter",
                        "iptables -w -I INPUT 1 -j fleetban",
                        "ip6tables-save -t filter");
        assertThat(metrics.count(EnforcerMetrics.FIREWALL_REPAIRS, "jump")).isEqualTo(1);
        assertThat(sync.health().healthy()).isTrue();
        assertThat(sync.health().lastRepaired()).containsExactly("jump");
        assertThat(sync.health().lastRepairAt()).contains(NOW);
    }

    @Test
    void shouldChangeNothingWhenNothingDrifted() {
        sync.apply(banAttackers("198.51.100.2"));
        runner.clear();
        runner.answer(argv -> intact(argv, false, true));

        sync.checkDrift();

        assertThat(runner.lines())
                .containsExactly(
                        "ipset test fleetban-fail-v4 255.255.255.255",
                        "ipset test fleetban-fail-v6 ff00::",
                        "iptables -V",
                        "iptables-save -t filter",
                        "ip6tables-save -t filter");
        assertThat(metrics.total(EnforcerMetrics.FIREWALL_REPAIRS)).isZero();
        assertThat(sync.health().checkedAt()).contains(NOW);
    }

    @Test
    void shouldRefillAFlushedSetWithTheRemainingTime() {
        sync.apply(banAttackers("198.51.100.2"));
        clock.advance(Duration.ofSeconds(20));
        runner.clear();
        runner.answer(argv -> intact(argv, true, true));

        sync.checkDrift();

        assertThat(metrics.count(EnforcerMetrics.FIREWALL_REPAIRS, "entries")).isEqualTo(1);
        assertThat(runner.stdinOf("ipset -exist restore"))
                .containsExactly(
                        "add fleetban-fail-v4 255.255.255.255 timeout 0\nadd fleetban-fail-v6 ff00:: timeout 0\n",
                        CREATE_V4 + "add fleetban-fail-v4 198.51.100.2 timeout 40\n");
    }

    @Test
    void shouldRebuildAFlushedChainWithItsJumpInOneRestore() {
        runner.answer(argv -> argv.get(0).equals("iptables-save")
                ? new CommandResult(argv, 0, "*filter\n:INPUT ACCEPT [0:0]\n:fleetban - [0:0]\nCOMMIT\n", "")
                : intact(argv, false, true));

        sync.checkDrift();

        assertThat(runner.stdinOf("iptables-restore -w --noflush")).containsExactly("""
                *filter
                :fleetban - [0:0]
                -A fleetban -p tcp -m multiport --dports 8000 -m set --match-set fleetban-fail-v4 src -j REJECT --reject-with icmp-port-unreachable
                -I INPUT 1 -j fleetban
                COMMIT
                """);
        assertThat(metrics.count(EnforcerMetrics.FIREWALL_REPAIRS, "rules")).isEqualTo(1);
        assertThat(metrics.count(EnforcerMetrics.FIREWALL_REPAIRS, "jump")).isEqualTo(1);
    }

    @Test
    void shouldBeUnhealthyWhileRepairFailsAndRecoverWhenItWorks() {
        runner.answer(
                argv -> new CommandResult(argv, 1, "", "ipset v7.17: Kernel error received: Operation not permitted"));

        sync.checkDrift();
        clock.advance(Duration.ofMinutes(5));
        sync.checkDrift();

        assertThat(sync.health().healthy()).isFalse();
        assertThat(sync.health().jumpPresent()).isFalse();
        assertThat(sync.health().error())
                .hasValueSatisfying(why -> assertThat(why).contains("Operation not permitted"));

        runner.answer(argv -> intact(argv, false, true));
        clock.advance(Duration.ofMinutes(5));
        sync.tick();

        assertThat(sync.health().healthy()).isTrue();
        assertThat(sync.health().error()).isEmpty();
    }
}
