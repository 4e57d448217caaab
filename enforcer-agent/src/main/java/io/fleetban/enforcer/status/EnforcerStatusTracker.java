package io.fleetban.enforcer.status;

import io.fleetban.avro.AppliedBan;
import io.fleetban.avro.AppliedPartition;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.FirewallStatus;
import io.fleetban.avro.SetSize;
import io.fleetban.enforcer.backend.FirewallHealth;
import io.fleetban.enforcer.consume.Decision;
import io.fleetban.enforcer.consume.HostBanList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What this enforcer has applied, kept by the decision thread and turned into an {@link EnforcerStatus}: per
 * decision partition the next offset to read once everything before it is in the firewall, with the time of the
 * commit that got it there; the last {@value #RECENT_BANS} applied bans with decision and apply times (so
 * {@code fleetban client why} can say how long a ban took to reach each host); firewall health.
 *
 * <p>Not thread-safe: owned by the decision thread.
 */
public final class EnforcerStatusTracker {

    static final int RECENT_BANS = 32;

    private record Position(long offset, Instant appliedAt) {}

    private final String hostId;
    private final String version;
    private final Instant startedAt;
    private final Duration interval;
    private final Map<TopicPartition, Position> positions = new TreeMap<>(
            java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    private final Deque<AppliedBan> recent = new ArrayDeque<>();
    private boolean changed = true;

    public EnforcerStatusTracker(String hostId, String version, Instant startedAt, Duration interval) {
        this.hostId = hostId;
        this.version = version;
        this.startedAt = startedAt;
        this.interval = interval;
    }

    /** How often a status is published when nothing changes. */
    public Duration interval() {
        return interval;
    }

    /**
     * Everything before {@code positions} is in the firewall since {@code appliedAt}; {@code withRecords} are the
     * partitions this batch read records from (their apply time moves), {@code applied} the decisions it changed.
     */
    public void applied(
            Map<TopicPartition, Long> nextOffsets,
            Collection<TopicPartition> withRecords,
            List<Decision> applied,
            Instant appliedAt) {
        nextOffsets.forEach((tp, offset) -> {
            Position last = positions.get(tp);
            if (last == null || last.offset() != offset) {
                changed = true;
                Instant at = withRecords.contains(tp) || last == null ? appliedAt : last.appliedAt();
                positions.put(tp, new Position(offset, at));
            }
        });
        for (Decision decision : applied) {
            if (decision instanceof Decision.Banned) {
                recent.addLast(new AppliedBan(
                        decision.key().jail(), decision.key().entryText(), decision.decidedAt(), appliedAt));
                if (recent.size() > RECENT_BANS) {
                    recent.removeFirst();
                }
                changed = true;
            }
        }
    }

    /** Whether something was applied since the last {@link #snapshot}. */
    public boolean changed() {
        return changed;
    }

    /**
     * The status now.
     *
     * @param held      the bans this host holds: their number and digest
     * @param setSizes  entries per {@code <jail>/<family>}
     * @param firewall  the firewall's health
     */
    public EnforcerStatus snapshot(
            HostBanList.Held held, Map<String, Integer> setSizes, FirewallStatus firewall, Instant now) {
        changed = false;
        List<AppliedPartition> partitions = new ArrayList<>();
        positions.forEach(
                (tp, p) -> partitions.add(new AppliedPartition(tp.topic(), tp.partition(), p.offset(), p.appliedAt())));
        List<SetSize> sets = new ArrayList<>();
        new TreeMap<>(setSizes).forEach((set, size) -> {
            int slash = set.lastIndexOf('/');
            sets.add(new SetSize(set.substring(0, slash), set.substring(slash + 1), size));
        });
        return EnforcerStatus.newBuilder()
                .setHostId(hostId)
                .setVersion(version)
                .setStartedAt(startedAt)
                .setPublishedAt(now)
                .setStatusIntervalMs(interval.toMillis())
                .setPartitions(partitions)
                .setRecentBans(new ArrayList<>(recent))
                .setSets(sets)
                .setFirewall(firewall)
                .setBanCount(held.count())
                .setBanSetDigest(held.digest())
                .build();
    }

    /**
     * The firewall status: healthy while commits succeed and the drift check finds everything in place or puts it
     * back; the jump as the last drift check saw it; the later of the last drift repair and the last reconcile that
     * changed the sets.
     */
    public static FirewallStatus firewall(
            boolean commitsHealthy, FirewallHealth drift, Optional<Instant> reconciledAt, Optional<String> reconciled) {
        Optional<Instant> repairedAt = reconciledAt;
        Optional<String> repaired = reconciled;
        if (drift.lastRepairAt().isPresent()
                && (repairedAt.isEmpty() || drift.lastRepairAt().get().isAfter(repairedAt.get()))) {
            repairedAt = drift.lastRepairAt();
            repaired = Optional.of("drift check put back " + String.join(", ", drift.lastRepaired()));
        }
        return new FirewallStatus(
                commitsHealthy && drift.healthy(), drift.jumpPresent(), repairedAt.orElse(null), repaired.orElse(null));
    }
}
