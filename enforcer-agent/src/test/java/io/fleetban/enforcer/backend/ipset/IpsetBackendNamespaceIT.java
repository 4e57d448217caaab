package io.fleetban.enforcer.backend.ipset;

import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V6;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.OTHER_CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.OPEN;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanFixtures;
import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.enforcer.backend.TwoNamespaceNetwork;
import io.fleetban.enforcer.consume.BanLedger;
import io.fleetban.enforcer.consume.FirewallSync;
import io.fleetban.fail2ban.jail.PortRange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ipset backend against the real kernel, in two network namespaces of its own: a banned client is refused on
 * the jail's port (REJECT, as fail2ban's default action), everything else still passes, expiry and unban lift the
 * ban, reconcile repairs a flushed set, and rules fleetban did not create are left alone.
 */
@Tag("integration")
@Timeout(120)
class IpsetBackendNamespaceIT {

    private static final int JAIL_PORT = 8000;
    private static final int OTHER_PORT = 8001;
    private static final EnforcedJail FAIL = new EnforcedJail("fail", List.of(new PortRange(JAIL_PORT, JAIL_PORT)), "tcp",
            BlockType.REJECT, List.of());
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    private final Clock clock = Clock.systemUTC();
    private TwoNamespaceNetwork network;
    private IpsetBackend backend;

    @BeforeAll
    static void requireRootAndTools() throws FirewallException {
        final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
        assumeTrue(host.run(List.of("id", "-u"), "").stdout().strip().equals("0"), "needs root");
        for (String tool : List.of("ipset", "iptables", "ip6tables", "ip", "curl", "python3")) {
            assumeTrue(host.run(List.of("sh", "-c", "command -v " + tool), "").succeeded(), tool + " missing");
        }
    }

    @BeforeEach
    void startServer() throws FirewallException, IOException {
        network = TwoNamespaceNetwork.create();
        network.listen(JAIL_PORT);
        network.listen(OTHER_PORT);
        await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, JAIL_PORT) == OPEN
                && network.connect(CLIENT_V4, OTHER_PORT) == OPEN && network.connect(CLIENT_V6, JAIL_PORT) == OPEN);
        backend = new IpsetBackend(network.serverRunner(), clock, 1000);
        backend.init(List.of(FAIL));
    }

    @AfterEach
    void removeNamespaces() throws FirewallException {
        if (network != null) {
            network.close();
        }
    }

    private Ban ban(String ip, Duration length) {
        return new Ban(BanFixtures.key("fail", ip), Optional.of(clock.instant().plus(length)));
    }

    @Test
    void shouldRefuseTheBannedClientOnTheJailsPortOnly() throws FirewallException {
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();

        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(network.connect(CLIENT_V4, OTHER_PORT)).isEqualTo(OPEN);
        assertThat(network.connect(OTHER_CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
        assertThat(network.connect(CLIENT_V6, JAIL_PORT)).isEqualTo(OPEN);
    }

    @Test
    void shouldRefuseABannedIpv6ClientThroughIp6tables() throws FirewallException {
        backend.add(ban(CLIENT_V6, Duration.ofMinutes(5)));
        backend.commit();

        assertThat(network.connect(CLIENT_V6, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
    }

    @Test
    void shouldLiftTheBanOnTheHostWhenItsTimeoutExpires() throws FirewallException {
        backend.add(ban(CLIENT_V4, Duration.ofSeconds(2)));
        backend.commit();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, JAIL_PORT) == OPEN);
        assertThat(backend.list()).isEmpty();
    }

    @Test
    void shouldLiftTheBanOnUnban() throws FirewallException {
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        backend.remove(BanFixtures.key("fail", CLIENT_V4));
        backend.commit();

        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
    }

    @Test
    void shouldRepairAFlushedSetAndDropEntriesNoLongerBannedOnReconcile() throws FirewallException {
        final BanLedger ledger = new BanLedger(Duration.ofMinutes(10), 1000);
        final FirewallSync sync = new FirewallSync(backend, ledger, clock, Duration.ofMinutes(1), new EnforcerMetrics());
        sync.apply(List.of(ledger.ban(ban(CLIENT_V4, Duration.ofMinutes(5)), clock.instant(), clock.instant())));
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        network.operator("ipset", "flush", "fleetban-fail-v4");
        network.operator("ipset", "add", "fleetban-fail-v4", OTHER_CLIENT_V4);
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);

        assertThat(sync.reconcile()).isTrue();

        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(network.connect(OTHER_CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
        assertThat(backend.list()).containsExactly(BanFixtures.key("fail", CLIENT_V4));
    }

    @Test
    void shouldLeaveForeignRulesAndSetsAloneAcrossRestartAndShutdown() throws FirewallException {
        network.operator("ipset", "create", "foreign-v4", "hash:ip");
        network.operator("iptables", "-w", "-A", "INPUT", "-p", "tcp", "--dport", "9000", "-m", "set",
                "--match-set", "foreign-v4", "src", "-j", "DROP");
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();

        backend.init(List.of(FAIL));
        assertThat(jumpsToFleetban()).isEqualTo(1);
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        backend.shutdown();

        assertThat(network.operator("iptables", "-w", "-S", "INPUT"))
                .contains("-A INPUT -p tcp -m tcp --dport 9000 -m set --match-set foreign-v4 src -j DROP")
                .doesNotContain("fleetban");
        assertThat(network.operator("ipset", "list", "-n")).isEqualTo("foreign-v4\n");
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
    }

    private long jumpsToFleetban() throws FirewallException {
        return network.operator("iptables", "-w", "-S", "INPUT").lines().filter(line -> line.contains("-j fleetban")).count();
    }
}
