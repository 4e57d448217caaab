package io.fleetban.enforcer.backend;

import static io.fleetban.enforcer.backend.RootAssumptions.assumeRootWith;
import static io.fleetban.enforcer.backend.TwoNamespaceNetwork.CLIENT_V4;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

/**
 * Another tool takes away what a backend owns while an attacker is banned (an operator's command, a firewall
 * manager's reload, a restored ruleset), and the enforcer's drift check, ticking as its decision loop does, must
 * refuse the attacker again within {@link #REPAIRED_WITHIN}, count the repair and stay healthy. The ruleset saved
 * before fleetban started is what {@code iptables-restore} / {@code nft -f} of a saved file put back.
 */
public abstract class FirewallDriftNamespaceContract {

    protected static final int JAIL_PORT = 8000;
    protected static final EnforcedJail FAIL =
            new EnforcedJail("fail", List.of(new PortRange(JAIL_PORT, JAIL_PORT)), "tcp", BlockType.REJECT, List.of());
    /** A drift check every second, then the repair: the bound the enforcer promises. */
    protected static final Duration REPAIRED_WITHIN = Duration.ofSeconds(2);

    private static final Duration TICK = Duration.ofMillis(100);

    protected final Clock clock = Clock.systemUTC();
    protected final EnforcerMetrics metrics = new EnforcerMetrics();
    protected TwoNamespaceNetwork network;
    protected FirewallBackend backend;
    protected FirewallSync sync;
    /** The server namespace's ruleset before fleetban started, as the subclass saves it. */
    protected String savedBeforeStart;

    private ScheduledExecutorService loop;
    private final KernelBackend underTest;

    /** @param underTest the backend under test, with the tools it and the subclass's tampering need */
    protected FirewallDriftNamespaceContract(KernelBackend underTest) {
        this.underTest = underTest;
    }

    /**
     * Saves the namespace's ruleset as an operator would: here the host's own rules (one ACCEPT) saved as iptables-save
     * writes /etc/iptables/rules.v4; a backend not on iptables saves its own way (nft list ruleset).
     */
    protected String saveRuleset() throws FirewallException {
        network.operator("iptables", "-w", "-A", "INPUT", "-p", "tcp", "--dport", "9", "-j", "ACCEPT");
        return network.operator("iptables-save");
    }

    @BeforeEach
    void banTheAttacker() throws FirewallException, IOException {
        assumeRootWith(Stream.concat(underTest.tools().stream(), Stream.of("ip", "curl", "python3"))
                .toArray(String[]::new));
        network = TwoNamespaceNetwork.create();
        network.listen(JAIL_PORT);
        // python3's start is slow on a loaded machine; the bound under test is REPAIRED_WITHIN, not this one
        await().atMost(Duration.ofSeconds(30)).until(() -> network.connect(CLIENT_V4, JAIL_PORT) == OPEN);
        savedBeforeStart = saveRuleset();
        backend = underTest.create(network.serverRunner(), clock);
        backend.init(List.of(FAIL));
        final HostBanList banList = new HostBanList(Duration.ofMinutes(10), 1000);
        sync = new FirewallSync(backend, banList, clock, Duration.ofMinutes(10), Duration.ofSeconds(1), metrics);
        final Ban ban = new Ban(
                BanFixtures.key("fail", CLIENT_V4), Optional.of(clock.instant().plus(Duration.ofMinutes(10))));
        assertThat(sync.apply(List.of(banList.ban(ban, clock.instant(), clock.instant()))))
                .isTrue();
        assertThat(network.connect(CLIENT_V4, JAIL_PORT)).isEqualTo(REFUSED);
    }

    /** Ticks the sync as the decision loop does after each poll. */
    protected void startLoop() {
        loop = Executors.newSingleThreadScheduledExecutor();
        loop.scheduleWithFixedDelay(sync::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws FirewallException, InterruptedException {
        if (loop != null) {
            loop.shutdownNow();
            assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        if (network != null) {
            network.close();
        }
    }

    /**
     * Runs {@code tampering} while the loop ticks, then expects the attacker refused again within
     * {@link #REPAIRED_WITHIN}, everyone else still let in, and the repair counted under {@code what}.
     */
    protected void assertRepaired(Tampering tampering, DriftCheck.Part what) throws FirewallException {
        startLoop();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sync.health().checkedAt().isPresent());

        tampering.run();
        final long tampered = System.nanoTime();

        await().atMost(REPAIRED_WITHIN)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> network.connect(CLIENT_V4, JAIL_PORT) == REFUSED);
        LoggerFactory.getLogger(getClass())
                .info("attacker refused again {} ms after the tampering", (System.nanoTime() - tampered) / 1_000_000);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> metrics.count(EnforcerMetrics.FIREWALL_REPAIRS, what.label()) > 0);
        assertThat(network.connect(OTHER_CLIENT_V4, JAIL_PORT)).isEqualTo(OPEN);
        assertThat(sync.health().healthy()).isTrue();
        assertThat(sync.health().lastRepairAt()).isPresent();
        assertThat(backend.list()).containsExactly(BanFixtures.key("fail", CLIENT_V4));
    }

    /** What another tool does to the server namespace's firewall. */
    @FunctionalInterface
    protected interface Tampering {
        void run() throws FirewallException;
    }
}
