package io.fleetban.enforcer.backend.iptables;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IptablesBackendTest {

    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final IptablesBackend backend = new IptablesBackend(runner, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void init() throws FirewallException {
        backend.init(List.of(FAIL));
        runner.clear();
    }

    @Test
    void shouldRewriteTheChainOfTheChangedFamilyInOneRestore() throws FirewallException {
        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.add(banFor("fail", "203.0.113.0/24", 60));

        assertThat(backend.commit()).isEqualTo(new CommitSummary(2, 0));

        assertThat(runner.lines()).containsExactly("iptables-restore -w --noflush");
        assertThat(runner.calls().get(0).stdin()).isEqualTo("""
                *filter
                :fleetban - [0:0]
                -A fleetban -p tcp -m multiport --dports 8000 -s 198.51.100.2 -m comment --comment fleetban-fail-v4 -j REJECT --reject-with icmp-port-unreachable
                -A fleetban -p tcp -m multiport --dports 8000 -s 203.0.113.0/24 -m comment --comment fleetban-fail-v4 -j REJECT --reject-with icmp-port-unreachable
                COMMIT
                """);
    }

    @Test
    void shouldKeepEarlierBansAndDropRemovedOnesOnTheNextBatch() throws FirewallException {
        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.add(banFor("fail", "198.51.100.3", 60));
        backend.commit();
        runner.clear();

        backend.remove(key("fail", "198.51.100.2"));
        backend.add(banFor("fail", "2001:db8::5", 60));
        backend.commit();

        assertThat(runner.lines())
                .containsExactlyInAnyOrder("iptables-restore -w --noflush", "ip6tables-restore -w --noflush");
        assertThat(runner.calls()).anySatisfy(call -> assertThat(call.stdin()).isEqualTo("""
                *filter
                :fleetban - [0:0]
                -A fleetban -p tcp -m multiport --dports 8000 -s 198.51.100.3 -m comment --comment fleetban-fail-v4 -j REJECT --reject-with icmp-port-unreachable
                COMMIT
                """));
    }

    @Test
    void shouldListOnlyRulesTaggedWithItsOwnSets() throws FirewallException {
        runner.answer(argv -> new CommandResult(argv, 0, argv.get(0).equals("iptables") ? """
                -N fleetban
                -A fleetban -s 198.51.100.2/32 -p tcp -m multiport --dports 8000 -m comment --comment fleetban-fail-v4 -j REJECT --reject-with icmp-port-unreachable
                -A fleetban -s 198.51.100.9/32 -j DROP
                """ : "-N fleetban\n", ""));

        assertThat(backend.list()).containsExactly(key("fail", "198.51.100.2"));
    }
}
