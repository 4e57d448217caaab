package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.fail2ban.jail.JailPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** fail2ban's maxretry rule and the fleet's minhosts and per-host thresholds, on an offender's counted failures. */
class BanThresholdTest {

    private static final long T0 = 1_764_072_000_000L;

    @Test
    void shouldBanAtMaxretryFailuresWhicheverHostsSawThem() {
        JailRule rule = rule(3, FleetPolicy.OFF);

        assertThat(BanThreshold.crossed(rule, failures(rule, "web-1", "web-2"))).isEmpty();
        assertThat(BanThreshold.crossed(rule, failures(rule, "web-1", "web-2", "web-1")))
                .contains("3 failures within 600 s from 2 host(s)");
    }

    @Test
    void shouldWaitForMinhostsDistinctHostsAmongTheNewestFailures() {
        JailRule rule = rule(3, new FleetPolicy(2, OptionalInt.empty(), 128, Optional.empty()));

        assertThat(BanThreshold.crossed(rule, failures(rule, "web-1", "web-1", "web-1")))
                .isEmpty();
        assertThat(BanThreshold.crossed(rule, failures(rule, "web-1", "web-1", "web-2")))
                .contains("3 failures within 600 s from 2 host(s)");
    }

    @Test
    void shouldBanOnOneHostsFailuresBelowTheFleetThreshold() {
        JailRule rule = rule(10, new FleetPolicy(3, OptionalInt.of(2), 128, Optional.empty()));

        assertThat(BanThreshold.crossed(rule, failures(rule, "web-1", "web-2"))).isEmpty();
        assertThat(BanThreshold.crossed(rule, failures(rule, "web-1", "web-2", "web-2")))
                .contains("2 failures within 600 s on host web-2 (fleet.maxretry.perhost 2)");
    }

    @Test
    void shouldNotBanAStateWithoutFailures() {
        JailRule rule = rule(1, new FleetPolicy(1, OptionalInt.of(1), 128, Optional.empty()));

        assertThat(BanThreshold.crossed(rule, OffenderState.empty(1))).isEmpty();
    }

    private static JailRule rule(int maxRetry, FleetPolicy fleet) {
        return new JailRule(
                "fail",
                new JailPolicy(maxRetry, Duration.ofMinutes(10), Duration.ofMinutes(1), BanTimeIncrement.OFF, fleet),
                List.of());
    }

    private static OffenderState failures(JailRule rule, String... hosts) {
        OffenderState state = OffenderState.empty(rule.offensesToKeep());
        for (int i = 0; i < hosts.length; i++) {
            state.record(T0 + i, i, hosts[i], rule.offensesToKeep());
        }
        return state;
    }
}
