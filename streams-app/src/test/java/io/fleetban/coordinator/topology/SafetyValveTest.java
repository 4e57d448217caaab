package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.SafetyValveState;
import io.fleetban.fail2ban.jail.BanRate;
import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.fail2ban.jail.JailPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** {@code fleet.maxbans.rate}: automatic bans per fixed period, the trip, and the operator's resume. */
class SafetyValveTest {

    private static final String JAIL = "fail";
    private static final long T0 = 1_764_072_000_000L;
    private static final long MINUTE = 60_000;

    private final ProcessorFixture fixture = new ProcessorFixture(T0);
    private final KeyValueStore<String, SafetyValveState> store = fixture.stores.safetyValve();
    private final SafetyValve valve = new SafetyValve(store, fixture.events);
    private final JailRule twoPerMinute = rule(Optional.of(new BanRate(2, Duration.ofMinutes(1))));

    @Test
    void shouldAdmitEveryBanWithoutARate() {
        JailRule unlimited = rule(Optional.empty());

        for (int i = 0; i < 100; i++) {
            assertThat(valve.admitAutomaticBan(unlimited, T0)).isTrue();
        }
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldTripOnceWhenThePeriodsBansAreUsedUpAndStayTripped() {
        assertThat(valve.admitAutomaticBan(twoPerMinute, T0)).isTrue();
        assertThat(valve.admitAutomaticBan(twoPerMinute, T0 + 1)).isTrue();
        assertThat(store.get(JAIL)).isEqualTo(new SafetyValveState(T0, 2, false, 0));

        assertThat(valve.admitAutomaticBan(twoPerMinute, T0 + 2)).isFalse();
        assertThat(valve.admitAutomaticBan(twoPerMinute, T0 + 3)).isFalse();
        assertThat(valve.admitAutomaticBan(twoPerMinute, T0 + 10 * MINUTE))
                .as("a new period does not reset a trip")
                .isFalse();

        assertThat(store.get(JAIL)).isEqualTo(new SafetyValveState(T0, 2, true, 1));
        assertThat(fixture.events.events).containsExactly("safety valve tripped fail");
    }

    @Test
    void shouldStartANewPeriodWhenTheOldOneEnds() {
        valve.admitAutomaticBan(twoPerMinute, T0);
        valve.admitAutomaticBan(twoPerMinute, T0 + 1);

        assertThat(valve.admitAutomaticBan(twoPerMinute, T0 + MINUTE)).isTrue();

        assertThat(store.get(JAIL)).isEqualTo(new SafetyValveState(T0 + MINUTE, 1, false, 0));
    }

    @Test
    void shouldAdmitAgainAfterResumeAndRememberTheTrips() {
        valve.admitAutomaticBan(twoPerMinute, T0);
        valve.admitAutomaticBan(twoPerMinute, T0);
        valve.admitAutomaticBan(twoPerMinute, T0);

        assertThat(valve.resume(JAIL, "alice@ops")).isTrue();

        assertThat(valve.admitAutomaticBan(twoPerMinute, T0 + 1)).isTrue();
        assertThat(store.get(JAIL)).isEqualTo(new SafetyValveState(T0 + 1, 1, false, 1));
    }

    @Test
    void shouldReportThatAValveNotTrippedNeedsNoResume() {
        assertThat(valve.resume(JAIL, "alice@ops")).isFalse();
        valve.admitAutomaticBan(twoPerMinute, T0);
        assertThat(valve.resume(JAIL, "alice@ops")).isFalse();
        assertThat(store.get(JAIL)).isEqualTo(new SafetyValveState(T0, 1, false, 0));
    }

    private static JailRule rule(Optional<BanRate> rate) {
        FleetPolicy fleet = new FleetPolicy(1, OptionalInt.empty(), 128, rate);
        return new JailRule(
                JAIL,
                new JailPolicy(3, Duration.ofMinutes(10), Duration.ofMinutes(1), BanTimeIncrement.OFF, fleet),
                List.of());
    }
}
