package io.fleetban.coordinator.hosts;

import io.fleetban.avro.AppliedPartition;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.FirewallStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Judges one host from its last status: missing after three of its own status intervals of silence, unhealthy
 * while its firewall fails, lagging while it has not applied every decision committed {@link #APPLY_GRACE} before
 * its status, in sync or differing by its ban-set digest once it has applied every decision committed now, and
 * keeping up in between (its status predates the newest decisions). A status older than every sample of the ends
 * (the instance started since) is no evidence of lag: keeping up, until the host's next status. Pure, so it is
 * tested without a broker.
 */
public final class HostJudge {

    /** Intervals of silence after which a host is missing. */
    public static final int MISSING_AFTER_INTERVALS = 3;
    /**
     * How long before its status a decision must have been committed for the host to count as lagging without it:
     * a host applies a decision within a fetch of its commit, but its status can go out in between.
     */
    public static final Duration APPLY_GRACE = Duration.ofSeconds(2);

    private HostJudge() {}

    /**
     * @param endsNow the committed end offset of every decision partition (bans, unbans) now
     * @param endsAt the committed ends as of an instant, as far as they were seen; empty: not known
     * @param fleetDigest the digest of active-bans now
     */
    public static HostView judge(
            EnforcerStatus status,
            Map<TopicPartition, Long> endsNow,
            Function<Instant, Optional<Map<TopicPartition, Long>>> endsAt,
            String fleetDigest,
            Instant now) {
        long behind = behind(status, endsNow);
        boolean same = status.getBanSetDigest().equals(fleetDigest);
        FirewallStatus firewall = status.getFirewall();
        HostState state;
        if (now.toEpochMilli() - status.getPublishedAt().toEpochMilli()
                > MISSING_AFTER_INTERVALS * status.getStatusIntervalMs()) {
            state = HostState.MISSING;
        } else if (!firewall.getHealthy()) {
            state = HostState.UNHEALTHY;
        } else if (behind == 0) {
            state = same ? HostState.IN_SYNC : HostState.DIFFERS;
        } else {
            boolean lagging = endsAt.apply(status.getPublishedAt().minus(APPLY_GRACE))
                    .map(due -> behind(status, due) > 0)
                    .orElse(false);
            state = lagging ? HostState.LAGGING : HostState.KEEPING_UP;
        }
        return new HostView(
                status.getHostId(),
                state.label(),
                status.getPublishedAt().toEpochMilli(),
                behind,
                status.getBanCount(),
                same,
                firewall.getHealthy(),
                firewall.getJumpPresent(),
                firewall.getLastRepairAt() == null
                        ? null
                        : firewall.getLastRepairAt().toEpochMilli(),
                firewall.getLastRepair(),
                status.getVersion(),
                status.getStartedAt().toEpochMilli(),
                status.getRecentBans().stream()
                        .map(b -> new HostView.AppliedBanView(
                                b.getJail(),
                                b.getIp(),
                                b.getDecidedAt().toEpochMilli(),
                                b.getAppliedAt().toEpochMilli()))
                        .toList());
    }

    /** Committed decisions past the host's applied offsets; a partition it never reported counts from 0. */
    static long behind(EnforcerStatus status, Map<TopicPartition, Long> endOffsets) {
        Map<TopicPartition, Long> applied = new HashMap<>();
        for (AppliedPartition p : status.getPartitions()) {
            applied.put(new TopicPartition(p.getTopic(), p.getPartition()), p.getOffset());
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            behind += Math.max(0, end.getValue() - applied.getOrDefault(end.getKey(), 0L));
        }
        return behind;
    }
}
