package io.fleetban.coordinator.hosts;

import java.util.List;

/**
 * One enforcer as {@code GET /hosts} reports it (times in epoch milliseconds).
 *
 * @param host         host id
 * @param state        {@link HostState#label()}
 * @param lastSeen     when it last published its status
 * @param behind       committed decisions it has not applied yet, over all decision partitions
 * @param bans         bans it holds
 * @param sameAsFleet  whether its ban-set digest equals the digest of active-bans
 * @param healthy      its firewall's last commit or reconcile succeeded
 * @param jumpPresent  whether the jump rule to fleetban's chain is in place; null when its backend does not say
 * @param lastRepairAt when it last repaired firewall drift; null if never
 * @param lastRepair   what that repair did; null if never
 * @param version      its fleetban version
 * @param startedAt    when its enforcer started
 * @param recentBans   the last bans it applied, with decision and apply times
 */
public record HostView(
        String host,
        String state,
        long lastSeen,
        long behind,
        int bans,
        boolean sameAsFleet,
        boolean healthy,
        Boolean jumpPresent,
        Long lastRepairAt,
        String lastRepair,
        String version,
        long startedAt,
        List<AppliedBanView> recentBans) {

    public HostView {
        // Absent reads as empty: the client reads this record from JSON too.
        recentBans = recentBans == null ? List.of() : List.copyOf(recentBans);
    }

    /** A ban a host applied: {@code appliedAt - decidedAt} is how long it took to reach the host. */
    public record AppliedBanView(String jail, String ip, long decidedAt, long appliedAt) {}
}
