package io.fleetban.enforcer.backend.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.FirewallBackendNamespaceContract;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.KernelBackend;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** The nftables backend against the kernel (see {@link FirewallBackendNamespaceContract}). */
@Tag("integration")
@Timeout(120)
class NftablesBackendNamespaceIT extends FirewallBackendNamespaceContract {

    NftablesBackendNamespaceIT() {
        super(KernelBackend.NFTABLES);
    }

    @Override
    protected void flushSetByHand() throws FirewallException {
        network.operator("nft", "flush", "set", "inet", "fleetban", "fleetban-fail-v4");
    }

    @Override
    protected void addToSetByHand(String ip) throws FirewallException {
        network.operator("nft", "add", "element", "inet", "fleetban", "fleetban-fail-v4", "{ " + ip + " }");
    }

    @Override
    protected void createForeignRule() throws FirewallException {
        network.operator("nft", "add", "table", "inet", "foreign");
        network.operator(
                "nft",
                "add",
                "chain",
                "inet",
                "foreign",
                "input",
                "{ type filter hook input priority 0; policy accept; }");
        network.operator("nft", "add", "rule", "inet", "foreign", "input", "tcp", "dport", "9000", "drop");
    }

    @Override
    protected void assertOnlyForeignRuleRemains() throws FirewallException {
        assertThat(network.operator("nft", "list", "tables")).isEqualTo("table inet foreign\n");
        assertThat(network.operator("nft", "list", "chain", "inet", "foreign", "input"))
                .contains("tcp dport 9000 drop");
    }
}
