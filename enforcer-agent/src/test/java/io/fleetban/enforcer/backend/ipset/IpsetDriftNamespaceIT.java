package io.fleetban.enforcer.backend.ipset;

import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.DriftCheck.Part;
import io.fleetban.enforcer.backend.FirewallDriftNamespaceContract;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.KernelBackend;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ipset + iptables backend puts back what another tool took away (see {@link FirewallDriftNamespaceContract}). */
@Tag("integration")
@Timeout(120)
class IpsetDriftNamespaceIT extends FirewallDriftNamespaceContract {

    private static final Pattern TIMEOUT = Pattern.compile(CLIENT_V4.replace(".", "\\.") + " timeout (\\d+)");

    IpsetDriftNamespaceIT() {
        super(KernelBackend.IPSET.alsoNeeding("iptables-save", "iptables-restore", "nft"));
    }

    @Test
    void withoutTheDriftCheckADeletedJumpLetsTheAttackerIn() throws FirewallException {
        network.operator("iptables", "-w", "-D", "INPUT", "-j", "fleetban");

        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
        assertThat(network.operator("ipset", "list", "fleetban-fail-v4")).contains(CLIENT_V4);
    }

    @Test
    void shouldPutBackTheJumpFirstInInputAfterItWasDeleted() throws FirewallException {
        assertRepaired(() -> network.operator("iptables", "-w", "-D", "INPUT", "-j", "fleetban"), Part.JUMP);

        assertThat(network.operator("iptables", "-w", "-S", "INPUT").lines().filter(l -> l.startsWith("-A INPUT")))
                .first()
                .isEqualTo("-A INPUT -j fleetban");
    }

    @Test
    void shouldRebuildAfterIptablesFlush() throws FirewallException {
        assertRepaired(() -> network.operator("iptables", "-w", "-F"), Part.JUMP);
        assertThat(metrics.count(io.fleetban.enforcer.EnforcerMetrics.FIREWALL_REPAIRS, Part.RULES.label()))
                .isPositive();
    }

    @Test
    void shouldRefillAFlushedSetWithTheBansRemainingTime() throws FirewallException {
        assertRepaired(() -> network.operator("ipset", "flush", "fleetban-fail-v4"), Part.ENTRIES);

        final Matcher timeout = TIMEOUT.matcher(network.operator("ipset", "list", "fleetban-fail-v4"));
        assertThat(timeout.find()).isTrue();
        assertThat(Long.parseLong(timeout.group(1))).isBetween(500L, 600L);
    }

    @Test
    void shouldRebuildAfterARulesetSavedBeforeStartIsRestored() throws FirewallException {
        assertRepaired(
                () -> network.serverRunner().runChecked(List.of("iptables-restore"), savedBeforeStart), Part.JUMP);
    }

    @Test
    void shouldRebuildAfterNftFlushRuleset() throws FirewallException {
        // iptables on Debian is iptables-nft: flushing nftables' ruleset removes iptables' tables too.
        assertRepaired(() -> network.operator("nft", "flush", "ruleset"), Part.JUMP);
    }

    @Test
    void shouldCreateADestroyedSetAgain() throws FirewallException {
        assertRepaired(
                () -> {
                    network.operator("iptables", "-w", "-F", "fleetban");
                    network.operator("ipset", "destroy", "fleetban-fail-v4");
                },
                Part.SET);
    }
}
