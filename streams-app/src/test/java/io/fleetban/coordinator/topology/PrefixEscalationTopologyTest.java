package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.CommandAction;
import io.fleetban.coordinator.JailRule;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.fail2ban.value.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet.escalate.*}: three addresses of one /24 (or /64) banned at once by the jail's rule ban the network,
 * through the real topology (bans read back, repartitioned by network, ESCALATE sent to the commands topic).
 */
class PrefixEscalationTopologyTest {

    private static final String JAIL = "fail";
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration BANTIME = Duration.ofSeconds(60);
    private static final Duration NETWORK_BANTIME = Duration.ofHours(1);

    @TempDir
    Path stateDir;

    @AutoClose
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        PrefixEscalation escalation = new PrefixEscalation(3, 24, 64, Optional.of(NETWORK_BANTIME));
        FleetPolicy fleet = new FleetPolicy(1, OptionalInt.empty(), 128, Optional.empty(), Optional.of(escalation));
        JailRule rule = new JailRule(
                JAIL,
                new JailPolicy(2, Duration.ofMinutes(10), BANTIME, BanTimeIncrement.OFF, fleet),
                List.of(IpRange.parse("198.51.100.0/28")));
        harness = TopologyHarness.start(stateDir, T0, rule);
    }

    @Test
    void threeBannedAddressesOfOneNetworkBanTheNetwork() {
        banByOffenses("203.0.113.1");
        banByOffenses("203.0.113.2");
        assertThat(harness.bans.readValuesToList())
                .extracting(BanDecision::getSource)
                .containsOnly(BanSource.AUTO);

        banByOffenses("203.0.113.3");

        List<BanDecision> decided = harness.bans.readValuesToList();
        assertThat(decided).extracting(BanDecision::getIp).containsExactly("203.0.113.3", "203.0.113.0/24");
        BanDecision network = decided.get(1);
        assertThat(network.getSource()).isEqualTo(BanSource.ESCALATION);
        assertThat(network.getActor()).isEqualTo(EscalationProcessor.ACTOR);
        assertThat(network.getReason())
                .contains("3 addresses of 203.0.113.0/24", "203.0.113.1", "203.0.113.2", "203.0.113.3");
        assertThat(network.getExpiresAt()).isEqualTo(network.getBannedAt().plus(NETWORK_BANTIME));
    }

    @Test
    void manualBansAndAddressesOfOtherNetworksDoNotCount() {
        banByOffenses("203.0.113.1");
        banByOffenses("203.0.113.2");
        command(CommandAction.BAN, "203.0.113.3");
        banByOffenses("203.0.114.4");

        assertThat(harness.bans.readValuesToList())
                .extracting(BanDecision::getIp)
                .containsExactly("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.114.4");
    }

    @Test
    void anUnbannedOrExpiredMemberNoLongerCounts() {
        banByOffenses("203.0.113.1");
        banByOffenses("203.0.113.2");
        command(CommandAction.UNBAN, "203.0.113.2");
        banByOffenses("203.0.113.3");
        assertThat(ips(harness.bans.readValuesToList())).doesNotContain("203.0.113.0/24");

        harness.advance(BANTIME.plusSeconds(1)); // .1 and .3 expire
        banByOffenses("203.0.113.4");
        banByOffenses("203.0.113.5");
        assertThat(ips(harness.bans.readValuesToList())).containsExactly("203.0.113.4", "203.0.113.5");

        banByOffenses("203.0.113.6");
        assertThat(ips(harness.bans.readValuesToList())).containsExactly("203.0.113.6", "203.0.113.0/24");
    }

    @Test
    void aNetworkHoldingAnIgnoredAddressIsNeverBanned() {
        banByOffenses("198.51.100.100");
        banByOffenses("198.51.100.101");
        banByOffenses("198.51.100.102");

        assertThat(ips(harness.bans.readValuesToList()))
                .containsExactly("198.51.100.100", "198.51.100.101", "198.51.100.102");
    }

    @Test
    void theNetworkIsBannedOnceAndAgainOnlyAfterItsBanEnded() {
        for (int i = 1; i <= 3; i++) {
            banByOffenses("203.0.113." + i);
        }
        assertThat(ips(harness.bans.readValuesToList())).endsWith("203.0.113.0/24");
        for (int i = 4; i <= 6; i++) {
            banByOffenses("203.0.113." + i);
        }
        assertThat(ips(harness.bans.readValuesToList()))
                .as("covered by the network ban: no second one")
                .containsExactly("203.0.113.4", "203.0.113.5", "203.0.113.6");

        command(CommandAction.UNBAN, "203.0.113.0/24");
        for (int i = 7; i <= 9; i++) {
            banByOffenses("203.0.113." + i);
        }
        assertThat(ips(harness.bans.readValuesToList())).endsWith("203.0.113.0/24");
    }

    @Test
    void ipv6AddressesEscalateToTheirSlash64() {
        for (int i = 1; i <= 3; i++) {
            banByOffenses("2001:db8:1:2::" + i);
        }

        assertThat(ips(harness.bans.readValuesToList())).endsWith("2001:db8:1:2::/64");
    }

    private static List<String> ips(List<BanDecision> decisions) {
        return decisions.stream().map(BanDecision::getIp).toList();
    }

    private void banByOffenses(String ip) {
        for (int i = 0; i < 2; i++) {
            harness.offend(JAIL, ip, "web-1", T0);
        }
    }

    private void command(CommandAction action, String ip) {
        harness.commands.pipeInput(ip, harness.command(action, JAIL, ip, null));
    }
}
