package io.fleetban.enforcer.consume;

import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.EnforcerMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppliedDecisionLogTest {

    private final EnforcerMetrics metrics = new EnforcerMetrics();
    private final List<String> lines = new ArrayList<>();
    private final AppliedDecisionLog log = new AppliedDecisionLog(metrics, lines::add);

    @Test
    void shouldLogOneLinePerDecisionWithItsIdAndTheDecidedPolledAndAppliedInstants() {
        log.applied(
                List.of(
                        new Decision.Banned(banFor("fail", "203.0.113.7", 60), NOW, "b-1"),
                        new Decision.Unbanned(key("fail", "2001:db8::/64"), NOW, "u-2")),
                NOW.plusMillis(12),
                NOW.plusNanos(15_250_000));

        assertThat(lines)
                .containsExactly(
                        "applied ban jail=fail ip=203.0.113.7 decision=b-1 decided=2026-11-25T12:00:00Z"
                                + " polled=2026-11-25T12:00:00.012Z applied=2026-11-25T12:00:00.015250Z",
                        "applied unban jail=fail ip=2001:db8::/64 decision=u-2 decided=2026-11-25T12:00:00Z"
                                + " polled=2026-11-25T12:00:00.012Z applied=2026-11-25T12:00:00.015250Z");
        assertThat(metrics.appliedLatencyCount()).isEqualTo(2);
    }

    @Test
    void shouldCountTheLatencyButBuildNoLineWhenItsLevelIsOff() {
        final List<String> built = new ArrayList<>();
        final AppliedDecisionLog quiet = new AppliedDecisionLog(metrics, built::add, () -> false);

        quiet.applied(List.of(new Decision.Banned(banFor("fail", "203.0.113.7", 60), NOW, "b-1")), NOW, NOW);

        assertThat(built).isEmpty();
        assertThat(metrics.appliedLatencyCount()).isEqualTo(1);
    }
}
