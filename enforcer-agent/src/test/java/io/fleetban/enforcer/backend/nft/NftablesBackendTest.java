package io.fleetban.enforcer.backend.nft;

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
        assertThat(runner.calls().get(0).stdin()).startsWith("add element inet fleetban fleetban-fail-v4 { 198.51.100.3 }\n");
        assertThat(backend.commit()).isEqualTo(CommitSummary.EMPTY);
    }

    @Test
    void shouldListHostAndPrefixSetsOfBothFamilies() throws FirewallException {
        runner.clear();
        runner.answer(argv -> new CommandResult(argv, 0, argv.contains("fleetban-fail-v4")
                ? "elements = { 198.51.100.2 timeout 1m expires 59s }" : argv.contains("fleetban-fail-v6-nets")
                ? "elements = { 2001:db8:1::/64 }" : "", ""));

        assertThat(backend.list()).containsExactlyInAnyOrder(key("fail", "198.51.100.2"), key("fail", "2001:db8:1::/64"));
        assertThat(runner.lines()).containsExactly(
                "nft list set inet fleetban fleetban-fail-v4", "nft list set inet fleetban fleetban-fail-v4-nets",
                "nft list set inet fleetban fleetban-fail-v6", "nft list set inet fleetban fleetban-fail-v6-nets");
    }

    @Test
    void shouldDeleteOnlyItsOwnTableOnShutdown() throws FirewallException {
        runner.clear();

        backend.shutdown();

        assertThat(runner.lines()).containsExactly("nft list table inet fleetban", "nft delete table inet fleetban");
    }
}
