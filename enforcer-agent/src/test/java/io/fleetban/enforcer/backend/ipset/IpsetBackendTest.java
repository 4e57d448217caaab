package io.fleetban.enforcer.backend.ipset;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpsetBackendTest {

    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final IpsetBackend backend = new IpsetBackend(runner, Clock.fixed(NOW, ZoneOffset.UTC), 1000);

    @BeforeEach
    void initOnAFreshHost() throws FirewallException {
        runner.answer(argv -> new CommandResult(argv, argv.contains("-S") || argv.contains("-C") ? 1 : 0, "", ""));
        backend.init(List.of(FAIL));
    }

    @Test
    void shouldCreateOneTimeoutSetPerFamilyAndOneMultiportRulePerSet() {
        assertThat(runner.lines())
                .containsExactly(
                        "ipset -exist create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000",
                        "iptables -w -S fleetban",
                        "iptables -w -N fleetban",
                        "iptables -w -A fleetban -p tcp -m multiport --dports 8000 -m set --match-set fleetban-fail-v4 src"
                                + " -j REJECT --reject-with icmp-port-unreachable",
                        "iptables -w -C INPUT -j fleetban",
                        "iptables -w -I INPUT 1 -j fleetban",
                        "ipset -exist create fleetban-fail-v6 hash:net family inet6 hashsize 1024 timeout 0 maxelem 1000",
                        "ip6tables -w -S fleetban",
                        "ip6tables -w -N fleetban",
                        "ip6tables -w -A fleetban -p tcp -m multiport --dports 8000 -m set --match-set fleetban-fail-v6 src"
                                + " -j REJECT --reject-with icmp6-port-unreachable",
                        "ip6tables -w -C INPUT -j fleetban",
                        "ip6tables -w -I INPUT 1 -j fleetban",
                        "ipset -exist restore");
        // Each set's canary (see IpFamily#canary), in the session or, here, one restore.
        assertThat(runner.stdinOf("ipset -exist restore"))
                .containsExactly(
                        "add fleetban-fail-v4 255.255.255.255 timeout 0\nadd fleetban-fail-v6 ff00:: timeout 0\n");
    }

    @Test
    void shouldSizeTheHashTableForHalfOfMaxelem() {
        assertThat(IpsetBackend.hashSize(131_072)).isEqualTo(65_536);
        assertThat(IpsetBackend.hashSize(100_000)).isEqualTo(32_768);
        assertThat(IpsetBackend.hashSize(1000)).isEqualTo(1024);
    }

    @Test
    void shouldApplyABatchAsOneIpsetRestoreWithDeletesFirst() throws FirewallException {
        runner.clear();
        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.remove(key("fail", "198.51.100.3"));
        backend.add(banFor("fail", "2001:db8::2", 30));

        final CommitSummary summary = backend.commit();

        assertThat(runner.calls()).hasSize(1);
        assertThat(runner.calls().get(0).line()).isEqualTo("ipset -exist restore");
        assertThat(runner.calls().get(0).stdin()).isEqualTo("""
                create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000
                del fleetban-fail-v4 198.51.100.3
                add fleetban-fail-v4 198.51.100.2 timeout 60
                create fleetban-fail-v6 hash:net family inet6 hashsize 1024 timeout 0 maxelem 1000
                add fleetban-fail-v6 2001:db8::2 timeout 30
                """);
        assertThat(summary).isEqualTo(new CommitSummary(2, 1));
    }

    @Test
    void shouldSendALargeBatchAsOneRestoreWithEachSetCreatedFirst() throws FirewallException {
        runner.clear();
        final int bans = IpsetBackend.SESSION_MAX_LINES + 1;
        for (int i = 0; i < bans; i++) {
            backend.add(banFor("fail", "198.18." + (i >> 8) + "." + (i & 0xff), 60));
        }

        backend.commit();

        assertThat(runner.lines()).containsExactly("ipset -exist restore");
        final List<String> lines = runner.calls().get(0).stdin().lines().toList();
        assertThat(lines).hasSize(bans + 1);
        assertThat(lines.get(0))
                .isEqualTo("create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000");
        assertThat(lines.get(1)).isEqualTo("add fleetban-fail-v4 198.18.0.0 timeout 60");
        assertThat(lines.get(bans)).isEqualTo("add fleetban-fail-v4 198.18.1.244 timeout 60");
    }

    @Test
    void shouldKeepTheLastBufferedOperationPerEntry() throws FirewallException {
        runner.clear();
        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.remove(key("fail", "198.51.100.2"));
        backend.remove(key("fail", "198.51.100.4"));
        backend.add(banFor("fail", "198.51.100.4", 10));

        backend.commit();

        assertThat(runner.calls().get(0).stdin()).isEqualTo("""
                create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000
                del fleetban-fail-v4 198.51.100.2
                add fleetban-fail-v4 198.51.100.4 timeout 10
                """);
    }

    @Test
    void shouldRunNothingForAnEmptyBatch() throws FirewallException {
        runner.clear();

        assertThat(backend.commit()).isEqualTo(CommitSummary.EMPTY);
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void shouldClearTheBufferWhenRestoreFails() throws FirewallException {
        runner.clear();
        runner.answer(argv -> new CommandResult(argv, 1, "", "ipset v7.17: Hash is full"));
        backend.add(banFor("fail", "198.51.100.2", 60));

        final FirewallException failure = assertThrows(FirewallException.class, backend::commit);

        assertThat(failure).hasMessageContaining("ipset -exist restore exited 1: ipset v7.17: Hash is full");
        runner.answer(argv -> new CommandResult(argv, 0, "", ""));
        assertThat(backend.commit()).isEqualTo(CommitSummary.EMPTY);
    }

    @Test
    void shouldSkipBansOfJailsItHasNoSetFor() throws FirewallException {
        runner.clear();
        backend.add(banFor("other", "198.51.100.2", 60));

        assertThat(backend.commit()).isEqualTo(CommitSummary.EMPTY);
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void shouldListTheEntriesOfItsOwnSetsOnly() throws FirewallException {
        runner.clear();
        runner.answer(argv -> new CommandResult(
                argv,
                0,
                argv.contains("fleetban-fail-v4")
                        ? "create fleetban-fail-v4 hash:net family inet\nadd fleetban-fail-v4 198.51.100.2 timeout 5\n"
                                + "add fleetban-fail-v4 203.0.113.0/24 timeout 0\n"
                        : "add fleetban-fail-v6 2001:db8::2 timeout 7\n",
                ""));

        assertThat(backend.list())
                .containsExactlyInAnyOrder(
                        key("fail", "198.51.100.2"), key("fail", "203.0.113.0/24"), key("fail", "2001:db8::2"));
        assertThat(runner.lines()).containsExactly("ipset save fleetban-fail-v4", "ipset save fleetban-fail-v6");
    }

    @Test
    void shouldRemoveOnlyItsOwnJumpChainAndSetsOnShutdown() throws FirewallException {
        runner.clear();
        runner.answer(argv -> new CommandResult(argv, argv.contains("-C") ? 1 : 0, "", ""));

        backend.shutdown();

        assertThat(runner.lines())
                .containsExactly(
                        "iptables -w -C INPUT -j fleetban",
                        "iptables -w -S fleetban",
                        "iptables -w -F fleetban",
                        "iptables -w -X fleetban",
                        "ip6tables -w -C INPUT -j fleetban",
                        "ip6tables -w -S fleetban",
                        "ip6tables -w -F fleetban",
                        "ip6tables -w -X fleetban",
                        "ipset list -n fleetban-fail-v4",
                        "ipset destroy fleetban-fail-v4",
                        "ipset list -n fleetban-fail-v6",
                        "ipset destroy fleetban-fail-v6");
    }
}
