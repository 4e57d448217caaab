package io.fleetban.enforcer.backend;

import static io.fleetban.enforcer.backend.RootAssumptions.assumeRootWith;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V6;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.OTHER_CLIENT_V4;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.OPEN;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.Reach.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.consume.FirewallSync;
import io.fleetban.enforcer.consume.HostBanList;
import io.fleetban.fail2ban.jail.PortRange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every real backend must do against the kernel, in two network namespaces of the test's own: a banned client
 * is refused on the jail's port (REJECT, as fail2ban's default action), everything else still passes, expiry and
 * unban lift the ban, reconcile repairs a flushed set, and rules fleetban did not create are left alone.
 * Subclasses name the backend and how an operator would tamper with it.
 */
public abstract class FirewallBackendNamespaceContract {

    protected static final int JAIL_PORT = 8000;
    protected static final int OTHER_PORT = 8001;
    protected static final EnforcedJail FAIL =
            new EnforcedJail("fail", List.of(new PortRange(JAIL_PORT, JAIL_PORT)), "tcp", BlockType.REJECT, List.of());
    private static final Duration AT_MOST = Duration.ofSeconds(10);

    protected final Clock clock = Clock.systemUTC();
    protected TwoNamespaceNetwork network;
    protected FirewallBackend backend;
    private final KernelBackend underTest;

    /** @param underTest the backend under test, with the tools it and the subclass's tampering need */
    protected FirewallBackendNamespaceContract(KernelBackend underTest) {
        this.underTest = underTest;
    }

    /** The backend under test, running its commands through {@code runner}. */
    protected FirewallBackend backend(CommandRunner runner) {
        return underTest.create(runner, clock);
    }

    /** Empties fleetban's IPv4 host set of jail "fail" by hand, as an operator might. */
    protected abstract void flushSetByHand() throws FirewallException;

    /** Puts {@code ip} into fleetban's IPv4 host set of jail "fail" by hand. */
    protected abstract void addToSetByHand(String ip) throws FirewallException;

    /** Creates a rule (and whatever it needs) that fleetban did not create. */
    protected abstract void createForeignRule() throws FirewallException;

    /** Asserts that the foreign rule is intact and nothing of fleetban's remains. */
    protected abstract void assertOnlyForeignRuleRemains() throws FirewallException;

    @BeforeEach
    void startServer() throws FirewallException, IOException {
        assumeRootWith(
                concat(underTest.tools(), List.of("ip", "curl", "python3")).toArray(String[]::new));
        network = TwoNamespaceNetwork.create();
        network.listen(JAIL_PORT);
        network.listen(OTHER_PORT);
        await().atMost(AT_MOST)
                .until(() -> network.connect(CLIENT_V4, JAIL_PORT) == OPEN
                        && network.connect(CLIENT_V4, OTHER_PORT) == OPEN
                        && network.connect(CLIENT_V6, JAIL_PORT) == OPEN);
        backend = backend(network.serverRunner());
        backend.init(List.of(FAIL));
    }

    @AfterEach
    void removeNamespaces() throws FirewallException {
        if (network != null) {
            network.close();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    protected Ban ban(String ip, Duration length) {
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
    void shouldRefuseABannedIpv6ClientAndABannedPrefix() throws FirewallException {
        backend.add(ban(CLIENT_V6, Duration.ofMinutes(5)));
        backend.add(ban("198.51.100.0/30", Duration.ofMinutes(5)));
        backend.commit();

        assertThat(network.connect(CLIENT_V6, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(network.connect(OTHER_CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(backend.list())
                .containsExactlyInAnyOrder(
                        BanFixtures.key("fail", CLIENT_V6), BanFixtures.key("fail", "198.51.100.0/30"));
    }

    @Test
    protected void shouldLiftTheBanOnTheHostWhenItsTimeoutExpires() throws FirewallException {
        backend.add(ban(CLIENT_V4, Duration.ofSeconds(2)));
        backend.commit();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        await().atMost(AT_MOST).until(() -> network.connect(CLIENT_V4, JAIL_PORT) == OPEN);
        assertThat(backend.list()).isEmpty();
    }

    @Test
    void shouldLiftTheBanOnUnbanAndTolerateRemovingAnAbsentEntry() throws FirewallException {
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        backend.remove(BanFixtures.key("fail", CLIENT_V4));
        backend.remove(BanFixtures.key("fail", OTHER_CLIENT_V4));
        backend.commit();

        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
    }

    @Test
    void shouldRepairAFlushedSetAndDropEntriesNoLongerBannedOnReconcile() throws FirewallException {
        final HostBanList banList = new HostBanList(Duration.ofMinutes(10), 1000);
        final FirewallSync sync =
                new FirewallSync(backend, banList, clock, Duration.ofMinutes(1), new EnforcerMetrics());
        sync.apply(List.of(banList.ban(ban(CLIENT_V4, Duration.ofMinutes(5)), clock.instant(), clock.instant())));
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);

        flushSetByHand();
        addToSetByHand(OTHER_CLIENT_V4);
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);

        assertThat(sync.reconcile()).isTrue();

        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        assertThat(network.connect(OTHER_CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
        assertThat(backend.list()).containsExactly(BanFixtures.key("fail", CLIENT_V4));
    }

    @Test
    protected void shouldKeepBansAcrossARestartAndLeaveForeignRulesAloneAtShutdown() throws FirewallException {
        createForeignRule();
        backend.add(ban(CLIENT_V4, Duration.ofMinutes(5)));
        backend.commit();

        backend(network.serverRunner()).init(List.of(FAIL));
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
        backend.shutdown();

        assertOnlyForeignRuleRemains();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
    }
}
