package io.fleetban.enforcer.backend.iptables;

import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.OPEN;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.FirewallBackendNamespaceContract;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.KernelBackend;
import io.fleetban.enforcer.consume.FirewallSync;
import io.fleetban.enforcer.consume.HostBanList;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain iptables backend against the kernel (see {@link FirewallBackendNamespaceContract}). */
@Tag("integration")
@Timeout(120)
class IptablesBackendNamespaceIT extends FirewallBackendNamespaceContract {

    IptablesBackendNamespaceIT() {
        super(KernelBackend.IPTABLES);
    }

    @Override
    protected void flushSetByHand() throws FirewallException {
        network.operator("iptables", "-w", "-F", "fleetban");
    }

    @Override
    protected void addToSetByHand(String ip) throws FirewallException {
        network.operator(
                "iptables",
                "-w",
                "-A",
                "fleetban",
                "-s",
                ip,
                "-p",
                "tcp",
                "-m",
                "comment",
                "--comment",
                "fleetban-fail-v4",
                "-j",
                "REJECT");
    }

    @Override
    protected void createForeignRule() throws FirewallException {
        network.operator("iptables", "-w", "-A", "INPUT", "-p", "tcp", "--dport", "9000", "-j", "DROP");
    }

    @Override
    protected void assertOnlyForeignRuleRemains() throws FirewallException {
        assertThat(network.operator("iptables", "-w", "-S", "INPUT"))
                .contains("-A INPUT -p tcp -m tcp --dport 9000 -j DROP")
                .doesNotContain("fleetban");
        assertThat(network.operator("ip6tables", "-w", "-S")).doesNotContain("fleetban");
    }

    /** iptables has no rule timeouts: the enforcer's own loop ends the ban at its expiry. */
    @Override
    @Test
    protected void shouldLiftTheBanOnTheHostWhenItsTimeoutExpires() throws FirewallException {
        final HostBanList banList = new HostBanList(Duration.ofMinutes(10), 1000);
        final FirewallSync sync =
                new FirewallSync(backend, banList, clock, Duration.ofMinutes(1), new EnforcerMetrics());
        sync.apply(List.of(banList.ban(ban(CLIENT_V4, Duration.ofSeconds(2)), clock.instant(), clock.instant())));
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            sync.tick();
            return network.connect(CLIENT_V4, JAIL_PORT) == OPEN;
        });
        assertThat(backend.list()).isEmpty();
    }

    /** Bans are put back by the enforcer's reconcile after a restart, not kept by the kernel. */
    @Override
    @Test
    protected void shouldKeepBansAcrossARestartAndLeaveForeignRulesAloneAtShutdown() throws FirewallException {
        createForeignRule();
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        backend.shutdown();

        assertOnlyForeignRuleRemains();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
    }
}
