package io.fleetban.enforcer.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.AppliedPartition;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanFixtures;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.FirewallHealth;
import io.fleetban.enforcer.consume.Decision;
import io.fleetban.enforcer.consume.HostBanList;
import io.fleetban.status.BanSetDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EnforcerStatusTrackerTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final HostBanList.Held NO_BANS = new HostBanList.Held(0, BanSetDigest.of(Stream.empty()));
    private static final Function<String, TopicPartition> BANS =
            p -> new TopicPartition("fleetban.bans", Integer.parseInt(p));

    private final EnforcerStatusTracker tracker = new EnforcerStatusTracker("web-1", "1.0", T0, Duration.ofSeconds(10));

    @Test
    void reportsOffsetsApplyTimesRecentBansSetsAndTheDigestOfTheBansHeld() {
        BanKey key = BanFixtures.key("fail", "203.0.113.7");
        Decision ban = new Decision.Banned(new Ban(key, Optional.empty()), T0, "d-1");
        tracker.applied(
                Map.of(BANS.apply("0"), 5L, BANS.apply("1"), 0L),
                Set.of(BANS.apply("0")),
                List.of(ban),
                T0.plusMillis(21));
        assertThat(tracker.changed()).isTrue();

        EnforcerStatus status = tracker.snapshot(
                new HostBanList.Held(1, BanSetDigest.of(Stream.of("fail/203.0.113.7"))),
                Map.of("fail/inet", 1),
                EnforcerStatusTracker.firewall(true, FirewallHealth.STARTED, Optional.empty(), Optional.empty()),
                T0.plusSeconds(1));

        assertThat(tracker.changed()).isFalse();
        assertThat(status.getHostId()).isEqualTo("web-1");
        assertThat(status.getStatusIntervalMs()).isEqualTo(10_000);
        assertThat(status.getPartitions())
                .containsExactly(
                        new AppliedPartition("fleetban.bans", 0, 5L, T0.plusMillis(21)),
                        new AppliedPartition("fleetban.bans", 1, 0L, T0.plusMillis(21)));
        assertThat(status.getRecentBans()).singleElement().satisfies(applied -> {
            assertThat(applied.getIp()).isEqualTo("203.0.113.7");
            assertThat(applied.getAppliedAt()).isEqualTo(T0.plusMillis(21));
        });
        assertThat(status.getSets())
                .singleElement()
                .satisfies(set -> assertThat(set.getSize()).isEqualTo(1));
        assertThat(status.getBanSetDigest()).isEqualTo(BanSetDigest.of(Stream.of("fail/203.0.113.7")));
        assertThat(status.getFirewall().getHealthy()).isTrue();
    }

    @Test
    void aPartitionWithoutNewRecordsKeepsItsApplyTime() {
        tracker.applied(Map.of(BANS.apply("0"), 5L), Set.of(BANS.apply("0")), List.of(), T0);
        tracker.applied(Map.of(BANS.apply("0"), 6L), Set.of(), List.of(), T0.plusSeconds(5));

        EnforcerStatus status = tracker.snapshot(
                NO_BANS,
                Map.of(),
                EnforcerStatusTracker.firewall(
                        false, FirewallHealth.STARTED, Optional.of(T0), Optional.of("reconcile added 1")),
                T0);

        assertThat(status.getPartitions().get(0).getOffset()).isEqualTo(6L);
        assertThat(status.getPartitions().get(0).getAppliedAt()).isEqualTo(T0);
        assertThat(status.getFirewall().getHealthy()).isFalse();
        assertThat(status.getFirewall().getLastRepair()).isEqualTo("reconcile added 1");
    }

    @Test
    void theFirewallStatusCarriesTheDriftChecksJumpAndItsLaterRepair() {
        FirewallHealth drift = new FirewallHealth(
                true,
                true,
                Optional.of(T0.plusSeconds(9)),
                Optional.of(T0.plusSeconds(9)),
                List.of("jump", "set"),
                2,
                Optional.empty());

        EnforcerStatus status = tracker.snapshot(
                NO_BANS,
                Map.of(),
                EnforcerStatusTracker.firewall(true, drift, Optional.of(T0), Optional.of("reconcile added 1")),
                T0.plusSeconds(10));
        assertThat(status.getFirewall().getJumpPresent()).isTrue();
        assertThat(status.getFirewall().getLastRepairAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(status.getFirewall().getLastRepair()).isEqualTo("drift check put back jump, set");

        EnforcerStatus broken = tracker.snapshot(
                NO_BANS,
                Map.of(),
                EnforcerStatusTracker.firewall(
                        true, drift.failed(T0.plusSeconds(11), "ipset: not found"), Optional.empty(), Optional.empty()),
                T0.plusSeconds(11));
        assertThat(broken.getFirewall().getHealthy()).isFalse();
        assertThat(broken.getFirewall().getJumpPresent()).isFalse();
    }

    @Test
    void keepsOnlyTheLatestBans() {
        for (int i = 0; i < EnforcerStatusTracker.RECENT_BANS + 10; i++) {
            BanKey key = BanFixtures.key("fail", "198.51.100." + (i % 250));
            tracker.applied(
                    Map.of(), Set.of(), List.of(new Decision.Banned(new Ban(key, Optional.empty()), T0, "d")), T0);
        }
        assertThat(tracker.snapshot(
                                NO_BANS,
                                Map.of(),
                                EnforcerStatusTracker.firewall(
                                        true, FirewallHealth.STARTED, Optional.empty(), Optional.empty()),
                                T0)
                        .getRecentBans())
                .hasSize(EnforcerStatusTracker.RECENT_BANS);
    }
}
