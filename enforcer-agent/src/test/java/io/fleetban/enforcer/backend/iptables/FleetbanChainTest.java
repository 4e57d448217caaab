package io.fleetban.enforcer.backend.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import io.fleetban.fail2ban.jail.PortRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetbanChainTest {

    private static final List<String> SET_MATCH = List.of("-m", "set", "--match-set", "fleetban-fail-v4", "src");

    private static String line(List<String> argv) {
        return String.join(" ", argv);
    }

    @Test
    void shouldRenderFail2bansMultiportRuleWithRejectLikeTheSeedsAction() {
        final EnforcedJail jail =
                new EnforcedJail("fail", List.of(new PortRange(8000, 8000)), "tcp", BlockType.REJECT, List.of());

        assertThat(FleetbanChain.jailRules(IpFamily.IPV4, jail, SET_MATCH))
                .map(FleetbanChainTest::line)
                .containsExactly(
                        "iptables -w -A fleetban -p tcp -m multiport --dports 8000 -m set --match-set fleetban-fail-v4 src"
                                + " -j REJECT --reject-with icmp-port-unreachable");
    }

    @Test
    void shouldUseIp6tablesAndIcmp6ForIpv6AndDropWhenTheJailSaysSo() {
        final EnforcedJail jail = new EnforcedJail(
                "ssh", List.of(new PortRange(22, 22), new PortRange(2000, 2010)), "tcp", BlockType.DROP, List.of());
        final EnforcedJail reject =
                new EnforcedJail("web", List.of(new PortRange(443, 443)), "tcp", BlockType.REJECT, List.of());

        assertThat(FleetbanChain.jailRules(
                        IpFamily.IPV6, jail, List.of("-m", "set", "--match-set", "fleetban-ssh-v6", "src")))
                .map(FleetbanChainTest::line)
                .containsExactly("ip6tables -w -A fleetban -p tcp -m multiport --dports 22,2000:2010"
                        + " -m set --match-set fleetban-ssh-v6 src -j DROP");
        assertThat(line(FleetbanChain.jailRules(IpFamily.IPV6, reject, SET_MATCH)
                        .get(0)))
                .endsWith("-j REJECT --reject-with icmp6-port-unreachable");
    }

    @Test
    void shouldBlockAllPortsLikeIptablesAllportsWhenTheJailHasNoneOrTheFullRange() {
        final EnforcedJail none = new EnforcedJail("all", List.of(), "tcp", BlockType.REJECT, List.of());
        final EnforcedJail full =
                new EnforcedJail("all", List.of(new PortRange(0, 65535)), "udp", BlockType.DROP, List.of());

        assertThat(line(FleetbanChain.jailRules(IpFamily.IPV4, none, SET_MATCH).get(0)))
                .isEqualTo(
                        "iptables -w -A fleetban -p tcp -m set --match-set fleetban-fail-v4 src -j REJECT --reject-with icmp-port-unreachable");
        assertThat(line(FleetbanChain.jailRules(IpFamily.IPV4, full, SET_MATCH).get(0)))
                .isEqualTo("iptables -w -A fleetban -p udp -m set --match-set fleetban-fail-v4 src -j DROP");
    }

    @Test
    void shouldSplitPortsBeyondMultiportsFifteenSlotsIntoSeveralRules() {
        final List<PortRange> ports = new ArrayList<>();
        for (int port = 8000; port < 8016; port++) {
            ports.add(new PortRange(port, port));
        }
        final EnforcedJail jail = new EnforcedJail("many", ports, "tcp", BlockType.DROP, List.of());

        final List<List<String>> rules = FleetbanChain.jailRules(IpFamily.IPV4, jail, SET_MATCH);

        assertThat(rules).hasSize(2);
        assertThat(line(rules.get(1))).contains("--dports 8015 ");
    }

    @Test
    void shouldCreateChainAppendRulesAndInsertOneJumpOnAFreshHost() throws FirewallException {
        final RecordingCommandRunner runner = new RecordingCommandRunner();
        runner.answer(argv -> new CommandResult(argv, argv.contains("-S") || argv.contains("-C") ? 1 : 0, "", ""));

        new FleetbanChain(runner)
                .install(IpFamily.IPV4, List.of(List.of("iptables", "-w", "-A", "fleetban", "-j", "DROP")));

        assertThat(runner.lines())
                .containsExactly(
                        "iptables -w -S fleetban",
                        "iptables -w -N fleetban",
                        "iptables -w -A fleetban -j DROP",
                        "iptables -w -C INPUT -j fleetban",
                        "iptables -w -I INPUT 1 -j fleetban");
    }

    @Test
    void shouldFlushItsOwnChainAndNotStackASecondJumpOnRestart() throws FirewallException {
        final RecordingCommandRunner runner = new RecordingCommandRunner();

        new FleetbanChain(runner).install(IpFamily.IPV6, List.of());

        assertThat(runner.lines())
                .containsExactly(
                        "ip6tables -w -S fleetban", "ip6tables -w -F fleetban", "ip6tables -w -C INPUT -j fleetban");
    }

    @Test
    void shouldRemoveOnlyTheJumpAndItsOwnChainOnUninstall() throws FirewallException {
        final RecordingCommandRunner runner = new RecordingCommandRunner();
        final int[] checks = {0};
        runner.answer(argv -> new CommandResult(argv, argv.contains("-C") && checks[0]++ > 0 ? 1 : 0, "", ""));

        new FleetbanChain(runner).uninstall(IpFamily.IPV4);

        assertThat(runner.lines())
                .containsExactly(
                        "iptables -w -C INPUT -j fleetban",
                        "iptables -w -D INPUT -j fleetban",
                        "iptables -w -C INPUT -j fleetban",
                        "iptables -w -S fleetban",
                        "iptables -w -F fleetban",
                        "iptables -w -X fleetban");
    }
}
