package io.fleetban.enforcer.backend.nft;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.DriftCheck;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NftablesBackendTest {

    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final NftablesBackend backend = new NftablesBackend(runner, Clock.fixed(NOW, ZoneOffset.UTC), 1000);

    @BeforeEach
    void init() throws FirewallException {
        backend.init(List.of(FAIL));
    }

    @Test
    void shouldInitInOneTransaction() {
        assertThat(runner.lines()).containsExactly("nft -f -");
        assertThat(runner.calls().get(0).stdin()).isEqualTo(NftScript.init(List.of(FAIL), 1000));
    }

    @Test
    void shouldApplyABatchAsOneNftTransactionAndClearTheBufferOnFailure() throws FirewallException {
        runner.clear();
        runner.answer(argv -> new CommandResult(argv, 1, "", "Error: Could not process rule"));
        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.remove(key("fail", "198.51.100.3"));

        assertThrows(FirewallException.class, backend::commit);

        assertThat(runner.lines()).containsExactly("nft -f -");
        assertThat(runner.calls().get(0).stdin())
                .startsWith("add element inet fleetban fleetban-fail-v4 { 198.51.100.3 }\n");
        assertThat(backend.commit()).isEqualTo(CommitSummary.EMPTY);
    }

    @Test
    void shouldListHostAndPrefixSetsOfBothFamiliesInOneCall() throws FirewallException {
        runner.clear();
        runner.answer(argv -> new CommandResult(argv, 0, """
                table inet fleetban {
                	set fleetban-fail-v4 {
                		type ipv4_addr
                		size 1000
                		flags timeout
                		elements = { 198.51.100.2 timeout 1m expires 59s }
                	}

                	set fleetban-fail-v4-nets {
                		type ipv4_addr
                		flags interval,timeout
                	}

                	set fleetban-fail-v6-nets {
                		type ipv6_addr
                		flags interval,timeout
                		elements = { 2001:db8:1::/64,
                			     2001:db8:2::/64 timeout 1h expires 59m }
                	}

                	chain input {
                		type filter hook input priority filter - 1; policy accept;
                		ip saddr @fleetban-fail-v4 tcp dport { 22 } reject with icmp type port-unreachable
                	}
                }
                """, ""));

        assertThat(backend.list())
                .containsExactlyInAnyOrder(
                        key("fail", "198.51.100.2"), key("fail", "2001:db8:1::/64"), key("fail", "2001:db8:2::/64"));
        assertThat(runner.lines()).containsExactly("nft list table inet fleetban");
    }

    @Test
    void shouldRunTheInitScriptAgainWhenTheTableIsGone() throws FirewallException {
        runner.clear();
        runner.answer(argv -> argv.contains("-t")
                ? new CommandResult(argv, 1, "", "Error: No such file or directory\nlist table inet fleetban\n")
                : new CommandResult(argv, 0, "", ""));

        final DriftCheck check = backend.checkDrift((jail, family) -> 1);

        assertThat(check.repairs()).extracting(DriftCheck.Repair::what).containsExactly(DriftCheck.Part.TABLE);
        assertThat(check.refill()).isTrue();
        assertThat(runner.lines()).containsExactly("nft -t list table inet fleetban", "nft -f -");
        assertThat(runner.calls().get(1).stdin()).startsWith("add table inet fleetban\n");
    }

    @Test
    void shouldFailTheCheckWhenNftFailsForAnotherReason() {
        runner.answer(
                argv -> new CommandResult(argv, 1, "", "Error: Could not process rule: Operation not permitted\n"));

        assertThrows(FirewallException.class, () -> backend.checkDrift((jail, family) -> 0));
    }

    @Test
    void shouldDeleteOnlyItsOwnTableOnShutdown() throws FirewallException {
        runner.clear();

        backend.shutdown();

        assertThat(runner.lines()).containsExactly("nft list table inet fleetban", "nft delete table inet fleetban");
    }
}
