package io.fleetban.enforcer.backend.iptables;

import io.fleetban.enforcer.backend.DriftCheck.Part;
import io.fleetban.enforcer.backend.FirewallDriftNamespaceContract;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.KernelBackend;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-rule-per-ban backend puts back what another tool took away (see {@link FirewallDriftNamespaceContract}). */
@Tag("integration")
@Timeout(120)
class IptablesDriftNamespaceIT extends FirewallDriftNamespaceContract {

    IptablesDriftNamespaceIT() {
        super(KernelBackend.IPTABLES.alsoNeeding("iptables-save"));
    }

    @Test
    void shouldPutBackTheJumpAfterItWasDeleted() throws FirewallException {
        assertRepaired(() -> network.operator("iptables", "-w", "-D", "INPUT", "-j", "fleetban"), Part.JUMP);
    }

    @Test
    void shouldPutBackTheBansRulesAfterIptablesFlush() throws FirewallException {
        assertRepaired(() -> network.operator("iptables", "-w", "-F"), Part.RULES);
    }

    @Test
    void shouldRebuildAfterARulesetSavedBeforeStartIsRestored() throws FirewallException {
        assertRepaired(
                () -> network.serverRunner().runChecked(List.of("iptables-restore"), savedBeforeStart), Part.CHAIN);
    }
}
