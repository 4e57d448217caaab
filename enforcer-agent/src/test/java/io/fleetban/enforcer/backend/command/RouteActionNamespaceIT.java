package io.fleetban.enforcer.backend.command;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.backend.RootAssumptions.assumeRootWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.NamespaceCommandRunner;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** fail2ban's stock {@code route} action run by the command backend inside a network namespace (root only). */
@Tag("integration")
@Timeout(60)
class RouteActionNamespaceIT {

    private static final Path ACTION_D = Path.of("/tmp/fail2ban-pkg/etc/fail2ban/action.d");

    private final CommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
    private final String namespace = "fbit-" + ProcessHandle.current().pid() % 100_000 + "-route";
    private boolean created;

    @BeforeEach
    void createNamespace() throws FirewallException {
        assumeRootWith("ip");
        assumeTrue(Files.isRegularFile(ACTION_D.resolve("route.conf")), "fail2ban's route.conf not extracted");
        host.runChecked(List.of("ip", "netns", "add", namespace), "");
        created = true;
        host.runChecked(List.of("ip", "-n", namespace, "link", "set", "lo", "up"), "");
    }

    @AfterEach
    void removeNamespace() throws FirewallException {
        if (created) {
            host.runChecked(List.of("ip", "netns", "del", namespace), "");
        }
    }

    private String routes(String family) throws FirewallException {
        return host.runChecked(List.of("ip", "-n", namespace, family, "route", "show"), "")
                .stdout();
    }

    @Test
    void shouldAddAnUnreachableRoutePerBanAndRemoveItOnUnbanAndShutdown() throws FirewallException {
        final CommandBackend backend = new CommandBackend(
                new NamespaceCommandRunner(namespace, host),
                Clock.systemUTC(),
                Fail2banActionReader.read(ACTION_D, "route"));
        backend.init(List.of(FAIL));

        backend.add(new Ban(key("fail", "198.51.100.7"), Optional.empty()));
        backend.add(new Ban(key("fail", "2001:db8::7"), Optional.empty()));
        backend.commit();

        assertThat(routes("-4")).contains("unreachable 198.51.100.7");
        assertThat(routes("-6")).contains("unreachable 2001:db8::7");

        backend.remove(key("fail", "198.51.100.7"));
        backend.commit();

        assertThat(routes("-4")).doesNotContain("198.51.100.7");
        assertThat(routes("-6")).contains("unreachable 2001:db8::7");

        backend.shutdown();

        assertThat(routes("-6")).doesNotContain("2001:db8::7");
        assertThat(backend.list()).isEmpty();
    }
}
