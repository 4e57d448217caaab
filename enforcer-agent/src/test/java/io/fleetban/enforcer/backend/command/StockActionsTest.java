package io.fleetban.enforcer.backend.command;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import io.fleetban.enforcer.backend.TestClock;
import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real fail2ban stock actions (Debian's package, extracted at /tmp/fail2ban-pkg; skipped when absent: fail2ban's
 * files are GPL and never copied into this repository).
 */
class StockActionsTest {

    private static final Path ACTION_D = Path.of("/tmp/fail2ban-pkg/etc/fail2ban/action.d");

    private final RecordingCommandRunner runner = new RecordingCommandRunner();

    @BeforeAll
    static void needsFail2bansActions() {
        assumeTrue(Files.isDirectory(ACTION_D), "fail2ban's action.d not extracted at " + ACTION_D);
    }

    private CommandBackend started(String reference) throws FirewallException {
        final CommandBackend backend =
                new CommandBackend(runner, new TestClock(NOW), Fail2banActionReader.read(ACTION_D, reference));
        backend.init(List.of(FAIL));
        return backend;
    }

    private List<List<String>> banThenUnban(CommandBackend backend, String ip) throws FirewallException {
        runner.clear();
        backend.add(banFor("fail", ip, 600));
        backend.commit();
        backend.remove(key("fail", ip));
        backend.commit();
        return runner.calls().stream().map(RecordingCommandRunner.Call::argv).toList();
    }

    @Test
    void shouldRunRouteAsArgumentVectorsForBothFamilies() throws FirewallException {
        final CommandBackend route = started("route");

        assertThat(runner.calls()).isEmpty();
        assertThat(banThenUnban(route, "203.0.113.7"))
                .containsExactly(
                        List.of("ip", "route", "add", "unreachable", "203.0.113.7"),
                        List.of("ip", "route", "del", "unreachable", "203.0.113.7"));
        assertThat(banThenUnban(route, "2001:db8::7"))
                .containsExactly(
                        List.of("ip", "route", "add", "unreachable", "2001:db8::7"),
                        List.of("ip", "route", "del", "unreachable", "2001:db8::7"));
    }

    @Test
    void shouldRunIptablesMultiportBansWithoutAShellAndItsStartThroughOne() throws FirewallException {
        final CommandBackend multiport = started("iptables-multiport[blocktype=DROP]");

        // One actionstart per family: the [Init?family=inet6] variant names ip6tables.
        assertThat(runner.calls())
                .hasSize(2)
                .allSatisfy(start ->
                        assertThat(start.argv()).startsWith("/bin/sh", "-c").hasSize(3));
        assertThat(runner.calls().get(0).argv().get(2))
                .contains("{ iptables -w -N f2b-'fail' || true;")
                .contains("-m multiport --dports '8000' -j f2b-'fail'")
                .contains("echo 'tcp'");
        assertThat(runner.calls().get(1).argv().get(2)).contains("{ ip6tables -w -N f2b-'fail' || true;");
        assertThat(banThenUnban(multiport, "203.0.113.7"))
                .containsExactly(
                        List.of("iptables", "-w", "-I", "f2b-fail", "1", "-s", "203.0.113.7", "-j", "DROP"),
                        List.of("iptables", "-w", "-D", "f2b-fail", "-s", "203.0.113.7", "-j", "DROP"));
        assertThat(banThenUnban(multiport, "2001:db8::7"))
                .containsExactly(
                        List.of("ip6tables", "-w", "-I", "f2b-fail", "1", "-s", "2001:db8::7", "-j", "DROP"),
                        List.of("ip6tables", "-w", "-D", "f2b-fail", "-s", "2001:db8::7", "-j", "DROP"));
    }

    @Test
    void shouldKeepIptablesMultiportsPerFamilyRejectByDefault() throws FirewallException {
        final CommandBackend multiport = started("iptables-multiport");

        assertThat(runner.calls()).hasSize(2);
        assertThat(banThenUnban(multiport, "2001:db8::7").get(0))
                .containsExactly(
                        "ip6tables",
                        "-w",
                        "-I",
                        "f2b-fail",
                        "1",
                        "-s",
                        "2001:db8::7",
                        "-j",
                        "REJECT",
                        "--reject-with",
                        "icmp6-port-unreachable");
    }

    @Test
    void shouldFillFail2bansSpaceTagOfIptablesNew() throws FirewallException {
        final CommandBackend iptablesNew = started("iptables-new");

        assertThat(runner.calls().get(0).argv().get(2))
                .contains("-I INPUT -m state --state NEW -p $proto --dport '8000'");
        assertThat(banThenUnban(iptablesNew, "203.0.113.7").get(0))
                .containsExactly(
                        "iptables",
                        "-w",
                        "-I",
                        "f2b-fail",
                        "1",
                        "-s",
                        "203.0.113.7",
                        "-j",
                        "REJECT",
                        "--reject-with",
                        "icmp-port-unreachable");
    }

    @Test
    void shouldRunHostsdenyThroughShWithTheAddressInsideItsDoubleQuotes() throws FirewallException {
        final CommandBackend hostsdeny = started("hostsdeny");

        final List<List<String>> calls = banThenUnban(hostsdeny, "2001:db8::7");

        assertThat(calls.get(0))
                .containsExactly("/bin/sh", "-c", "printf %b \"ALL: [2001:db8::7]\\n\" >> /etc/hosts.deny");
        assertThat(calls.get(1)).startsWith("/bin/sh", "-c");
        assertThat(calls.get(1).get(2))
                .startsWith("IP=$(echo \"[2001:db8::7]\" | sed ")
                .endsWith("/etc/hosts.deny");
    }

    @Test
    void shouldRefuseAStockActionThatNeedsTheLogMatches() {
        assertThatThrownBy(() -> Fail2banActionReader.read(ACTION_D, "abuseipdb"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("abuseipdb.conf");
    }
}
