package io.fleetban.enforcer.backend.ipset;

import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.FirewallBackendNamespaceContract;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.KernelBackend;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ipset + iptables backend against the kernel (see {@link FirewallBackendNamespaceContract}). */
@Tag("integration")
@Timeout(120)
class IpsetBackendNamespaceIT extends FirewallBackendNamespaceContract {

    IpsetBackendNamespaceIT() {
        super(KernelBackend.IPSET);
    }

    @Override
    protected void flushSetByHand() throws FirewallException {
        network.operator("ipset", "flush", "fleetban-fail-v4");
    }

    @Override
    protected void addToSetByHand(String ip) throws FirewallException {
        network.operator("ipset", "add", "fleetban-fail-v4", ip);
    }

    @Override
    protected void createForeignRule() throws FirewallException {
        network.operator("ipset", "create", "foreign-v4", "hash:ip");
        network.operator(
                "iptables",
                "-w",
                "-A",
                "INPUT",
                "-p",
                "tcp",
                "--dport",
                "9000",
                "-m",
                "set",
                "--match-set",
                "foreign-v4",
                "src",
                "-j",
                "DROP");
    }

    @Override
    protected void assertOnlyForeignRuleRemains() throws FirewallException {
        assertThat(network.operator("iptables", "-w", "-S", "INPUT"))
                .contains("-A INPUT -p tcp -m tcp --dport 9000 -m set --match-set foreign-v4 src -j DROP")
                .doesNotContain("fleetban");
        assertThat(network.operator("ip6tables", "-w", "-S")).doesNotContain("fleetban");
        assertThat(network.operator("ipset", "list", "-n")).isEqualTo("foreign-v4\n");
    }

    @Test
    void shouldNotStackASecondJumpFromInputOnRestart() throws FirewallException {
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();

        backend(network.serverRunner()).init(List.of(FAIL));

        assertThat(network.operator("iptables", "-w", "-S", "INPUT").lines().filter(l -> l.contains("-j fleetban")))
                .hasSize(1);
        assertThat(backend.list()).hasSize(1);
    }
}
