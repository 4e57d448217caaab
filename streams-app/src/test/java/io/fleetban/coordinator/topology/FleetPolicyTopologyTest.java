package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.coordinator.state.SafetyValveState;
import io.fleetban.fail2ban.jail.BanRate;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fleetban's {@code fleet.minhosts}, {@code fleet.maxretry.perhost}, {@code fleet.ipv6.prefix} and the
 * {@code fleet.maxbans.rate} safety valve next to fail2ban's maxretry (5 here).
 */
class FleetPolicyTopologyTest {

    private static final String JAIL = "web";
    private static final String ATTACKER = "203.0.113.7";
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration FINDTIME = Duration.ofMinutes(10);
    private static final Duration BANTIME = Duration.ofSeconds(60);
    private static final int MAXRETRY = 5;

    @TempDir
    Path stateDir;

    @AutoClose
    private TopologyHarness harness;

    @Test
    void minhostsRefusesABanFromOneHostAlone() {
        start(new FleetPolicy(2, OptionalInt.empty(), 128, Optional.empty()));

        offendFrom("web-1", 7);

        assertThat(harness.bans.isEmpty())
                .as("seven failures, all on web-1, with fleet.minhosts = 2")
                .isTrue();
    }

    @Test
    void minhostsBansOnceTheNewestMaxretryComeFromEnoughHosts() {
        start(new FleetPolicy(3, OptionalInt.empty(), 128, Optional.empty()));

        offendFrom("web-1", 3);
        offendFrom("web-2", 1);
        assertThat(harness.bans.isEmpty()).as("four failures").isTrue();
        offendFrom("web-2", 1);
        assertThat(harness.bans.isEmpty())
                .as("five failures from two hosts, fleet.minhosts = 3")
                .isTrue();
        offendFrom("web-3", 1);

        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getHosts()).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
        assertThat(ban.getReason()).contains("from 3 host(s)");
        assertThat(harness.bans.isEmpty()).isTrue();
    }

    @Test
    void perHostThresholdBansBelowTheFleetCount() {
        start(new FleetPolicy(1, OptionalInt.of(3), 128, Optional.empty()));

        offendFrom("web-1", 2);
        offendFrom("web-2", 1);
        assertThat(harness.bans.isEmpty())
                .as("three failures, at most two per host")
                .isTrue();
        offendFrom("web-1", 1);

        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getFailures())
                .as("banned at the fourth failure, below maxretry 5")
                .isEqualTo(4);
        assertThat(ban.getReason()).contains("on host web-1");
        offendFrom("web-2", 1);
        assertThat(harness.bans.isEmpty()).as("the fifth is not a second ban").isTrue();
    }

    @Test
    void perHostThresholdFiresAtTheThirdOffenseOnOneHost() {
        start(new FleetPolicy(1, OptionalInt.of(3), 128, Optional.empty()));

        offendFrom("web-1", 1);
        offendFrom("web-2", 1);
        offendFrom("web-2", 1);
        assertThat(harness.bans.isEmpty()).isTrue();
        offendFrom("web-2", 1);

        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getFailures()).isEqualTo(4);
        assertThat(ban.getReason()).isEqualTo("3 failures within 600 s on host web-2 (fleet.maxretry.perhost 3)");
    }

    @Test
    void perHostThresholdAboveMaxretryStillBansAHostThatMinhostsWouldSpare() {
        start(new FleetPolicy(2, OptionalInt.of(8), 128, Optional.empty()));

        offendFrom("web-1", 7);
        assertThat(harness.bans.isEmpty())
                .as("seven on one host: below 8, and minhosts 2 refuses the fleet rule")
                .isTrue();
        offendFrom("web-1", 1);

        BanDecision ban = harness.bans.readValue();
        assertThat(ban.getFailures()).isEqualTo(8);
        assertThat(ban.getReason()).contains("on host web-1 (fleet.maxretry.perhost 8)");
    }

    @Test
    void withoutFleetKeysFiveFailuresOnOneHostBanAsInFail2ban() {
        start(FleetPolicy.OFF);

        offendFrom("web-1", 4);
        assertThat(harness.bans.isEmpty()).isTrue();
        offendFrom("web-1", 1);

        assertThat(harness.bans.readValue().getReason()).isEqualTo("5 failures within 600 s from 1 host(s)");
    }

    @Test
    void ipv6PrefixCountsAndBansTheNetworkOfAddressesThatHopThroughIt() {
        start(
                new FleetPolicy(1, OptionalInt.empty(), 64, Optional.empty()),
                List.of(IpRange.parse("2001:db8:ffff::1")));

        for (int i = 1; i <= MAXRETRY; i++) {
            offendAs("2001:db8:1:2::" + Integer.toHexString(i), "web-1");
        }

        KeyValue<String, BanDecision> ban = harness.bans.readKeyValue();
        assertThat(ban.key).isEqualTo("2001:db8:1:2::/64");
        assertThat(ban.value.getIp()).isEqualTo("2001:db8:1:2::/64");
        assertThat(ban.value.getFailures()).isEqualTo(MAXRETRY);
        KeyValueStore<String, OffenderState> offenders = harness.driver.getKeyValueStore(BanTopology.OFFENDERS_STORE);
        assertThat(offenders.get(OffenderKey.of(JAIL, "2001:db8:1:2::/64"))).isNotNull();
        assertThat(offenders.get(OffenderKey.of(JAIL, "2001:db8:1:2::1"))).isNull();
    }

    @Test
    void ipv6PrefixLeavesIpv4AndPrefixesOverlappingIgnoreipAddressByAddress() {
        start(
                new FleetPolicy(1, OptionalInt.empty(), 64, Optional.empty()),
                List.of(IpRange.parse("2001:db8:ffff::1")));

        for (int i = 2; i < 2 + MAXRETRY - 1; i++) {
            offendAs("2001:db8:ffff::" + i, "web-1");
            offendAs("198.51.100." + i, "web-1");
        }
        assertThat(harness.bans.isEmpty())
                .as("four addresses, one failure each: no prefix counted")
                .isTrue();
        for (int i = 1; i < MAXRETRY; i++) {
            offendAs("2001:db8:ffff::2", "web-1");
        }

        assertThat(harness.bans.readKeyValue().key).isEqualTo("2001:db8:ffff::2");
    }

    @Test
    void withoutIpv6PrefixEveryIpv6AddressCountsAlone() {
        start(FleetPolicy.OFF);

        for (int i = 1; i <= MAXRETRY; i++) {
            offendAs("2001:db8:1:2::" + Integer.toHexString(i), "web-1");
        }

        assertThat(harness.bans.isEmpty()).isTrue();
    }

    @Test
    void safetyValveStopsAutomaticBansAboveTheRateKeepsManualOnesAndResumesOnUnbanAll() {
        start(new FleetPolicy(1, OptionalInt.empty(), 128, Optional.of(new BanRate(2, Duration.ofMinutes(1)))));

        banByOffenses("203.0.113.1");
        banByOffenses("203.0.113.2");
        assertThat(harness.bans.readValuesToList()).hasSize(2);
        banByOffenses("203.0.113.3");
        banByOffenses("203.0.113.4");
        assertThat(harness.bans.isEmpty())
                .as("third and fourth automatic bans within a minute: valve tripped")
                .isTrue();
        harness.advance(Duration.ofMinutes(5));
        banByOffenses("203.0.113.5");
        assertThat(harness.bans.isEmpty())
                .as("still stopped in a later period: only an operator resumes")
                .isTrue();
        KeyValueStore<String, SafetyValveState> valve = harness.driver.getKeyValueStore(BanTopology.SAFETY_VALVE_STORE);
        assertThat(valve.get(JAIL).tripped()).isTrue();
        assertThat(valve.get(JAIL).trips()).isEqualTo(1);

        harness.commands.pipeInput("198.51.100.1", command(CommandAction.BAN, "198.51.100.1"));
        assertThat(harness.bans.readValue().getSource())
                .as("manual commands keep working")
                .isEqualTo(BanSource.MANUAL);

        harness.commands.pipeInput(JAIL, command(CommandAction.UNBAN_ALL, null));
        assertThat(valve.get(JAIL).tripped()).isFalse();
        banByOffenses("203.0.113.6");
        BanDecision resumed = harness.bans.readValue();
        assertThat(resumed.getIp()).isEqualTo("203.0.113.6");
        assertThat(resumed.getSource()).isEqualTo(BanSource.AUTO);
    }

    @Test
    void resumeRestartsAutomaticBansAndKeepsTheBansDecidedBefore() {
        start(new FleetPolicy(1, OptionalInt.empty(), 128, Optional.of(new BanRate(1, Duration.ofMinutes(1)))));
        banByOffenses("203.0.113.1");
        banByOffenses("203.0.113.2");
        assertThat(harness.bans.readValuesToList())
                .extracting(BanDecision::getIp)
                .containsExactly("203.0.113.1");
        KeyValueStore<String, SafetyValveState> valve = harness.driver.getKeyValueStore(BanTopology.SAFETY_VALVE_STORE);
        assertThat(valve.get(JAIL).tripped()).isTrue();

        harness.commands.pipeInput(JAIL, command(CommandAction.RESUME, null));

        assertThat(valve.get(JAIL).tripped()).isFalse();
        KeyValueStore<String, OffenderState> offenders = harness.driver.getKeyValueStore(BanTopology.OFFENDERS_STORE);
        assertThat(offenders.get(OffenderKey.of(JAIL, "203.0.113.1")).isBanned())
                .as("bans stay")
                .isTrue();
        banByOffenses("203.0.113.3");
        assertThat(harness.bans.readValue().getIp()).isEqualTo("203.0.113.3");
    }

    @Test
    void withoutARateEveryAutomaticBanIsDecided() {
        start(FleetPolicy.OFF);

        for (int i = 1; i <= 4; i++) {
            banByOffenses("203.0.113." + i);
        }

        assertThat(harness.bans.readValuesToList()).hasSize(4);
    }

    private void banByOffenses(String ip) {
        for (int i = 0; i < MAXRETRY; i++) {
            offendAs(ip, "web-1");
        }
    }

    private Command command(CommandAction action, String ip) {
        return harness.command(action, JAIL, ip, null);
    }

    private void start(FleetPolicy fleet) {
        start(fleet, List.of());
    }

    private void start(FleetPolicy fleet, List<IpRange> ignoreIp) {
        JailRule rule =
                new JailRule(JAIL, new JailPolicy(MAXRETRY, FINDTIME, BANTIME, BanTimeIncrement.OFF, fleet), ignoreIp);
        harness = TopologyHarness.start(stateDir, T0, rule);
    }

    private void offendAs(String ip, String host) {
        harness.offend(JAIL, ip, host, T0);
    }

    private void offendFrom(String host, int times) {
        for (int i = 0; i < times; i++) {
            offendAs(ATTACKER, host);
        }
    }
}
