package io.fleetban.enforcer.backend.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.DriftCheck.Part;
import io.fleetban.enforcer.backend.FirewallDriftNamespaceContract;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.KernelBackend;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The nftables backend puts back what another tool took away (see {@link FirewallDriftNamespaceContract}). */
@Tag("integration")
@Timeout(120)
class NftablesDriftNamespaceIT extends FirewallDriftNamespaceContract {

    NftablesDriftNamespaceIT() {
        super(KernelBackend.NFTABLES);
    }

    /** As nftables.service loads /etc/nftables.conf: the saved ruleset after a flush of everything. */
    @Override
    protected String saveRuleset() throws FirewallException {
        return "flush ruleset\n" + network.operator("nft", "list", "ruleset");
    }

    @Test
    void shouldPutBackTheTableAfterNftFlushRuleset() throws FirewallException {
        assertRepaired(() -> network.operator("nft", "flush", "ruleset"), Part.TABLE);
    }

    @Test
    void shouldPutBackTheTableAfterASavedRulesetIsLoaded() throws FirewallException {
        assertRepaired(
                () -> network.serverRunner().runChecked(List.of("nft", "-f", "-"), savedBeforeStart), Part.TABLE);
    }

    @Test
    void shouldPutBackADeletedChain() throws FirewallException {
        assertRepaired(() -> network.operator("nft", "delete", "chain", "inet", "fleetban", "input"), Part.CHAIN);
    }

    @Test
    void shouldPutBackAFlushedChainsRules() throws FirewallException {
        assertRepaired(() -> network.operator("nft", "flush", "chain", "inet", "fleetban", "input"), Part.RULES);
        assertThat(network.operator("nft", "-t", "list", "table", "inet", "fleetban"))
                .contains("saddr @fleetban-fail-v4");
    }

    @Test
    void shouldRefillAFlushedSet() throws FirewallException {
        assertRepaired(
                () -> network.operator("nft", "flush", "set", "inet", "fleetban", "fleetban-fail-v4"), Part.ENTRIES);
    }
}
