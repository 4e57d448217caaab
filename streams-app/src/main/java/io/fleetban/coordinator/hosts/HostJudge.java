package io.fleetban.coordinator.hosts;

import io.fleetban.avro.AppliedPartition;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.FirewallStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Judges one host from its last status: missing after three of its own status intervals of silence, unhealthy
 * while its firewall fails, lagging while a decision partition's committed end is past its applied offset, then
 * in sync or differing by its ban-set digest. Pure, so it is tested without a broker.
 */
public final class HostJudge {

    /** Intervals of silence after which a host is missing. */
    public static final int MISSING_AFTER_INTERVALS = 3;

    private HostJudge() {}

    /**
     * @param endOffsets the committed end offset of every decision partition (bans, unbans)
     * @param fleetDigest the digest of active-bans now
     */
    public static HostView judge(
            EnforcerStatus status, Map<TopicPartition, Long> endOffsets, String fleetDigest, Instant now) {
        long behind = behind(status, endOffsets);
        boolean same = status.getBanSetDigest().equals(fleetDigest);
        FirewallStatus firewall = status.getFirewall();
        HostState state;
        if (now.toEpochMilli() - status.getPublishedAt().toEpochMilli()
                > MISSING_AFTER_INTERVALS * status.getStatusIntervalMs()) {
            state = HostState.MISSING;
        } else if (!firewall.getHealthy()) {
            state = HostState.UNHEALTHY;
        } else if (behind > 0) {
            state = HostState.LAGGING;
        } else {
            state = same ? HostState.IN_SYNC : HostState.DIFFERS;
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
