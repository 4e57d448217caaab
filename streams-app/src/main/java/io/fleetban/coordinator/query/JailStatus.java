package io.fleetban.coordinator.query;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /jails/{jail}/status}: what {@code fail2ban-client status <jail>} shows, for the whole fleet.
 *
 * @param jail            the jail
 * @param currentlyFailed IPs with offenses inside findtime and no ban
 * @param totalFailed     offenses counted
 * @param currentlyBanned IPs banned now
 * @param totalBanned     bans decided
 * @param bannedIps       the IPs banned now
 * @param valvesTripped   tasks (partitions) whose safety valve ({@code fleet.maxbans.rate}) stopped automatic bans;
 *                        0 while automatic banning runs everywhere
 * @param coverage        how many coordinator instances' shares are in these figures
 */
public record JailStatus(
        String jail,
        long currentlyFailed,
        long totalFailed,
        long currentlyBanned,
        long totalBanned,
        List<String> bannedIps,
        int valvesTripped,
        Coverage coverage) {

    public JailStatus {
        bannedIps = bannedIps == null ? List.of() : List.copyOf(bannedIps);
        coverage = coverage == null ? Coverage.local() : coverage;
    }

    /** One instance's own share. */
    public JailStatus(
            String jail,
            long currentlyFailed,
            long totalFailed,
            long currentlyBanned,
            long totalBanned,
            List<String> bannedIps,
            int valvesTripped) {
        this(
                jail,
                currentlyFailed,
                totalFailed,
                currentlyBanned,
                totalBanned,
                bannedIps,
                valvesTripped,
                Coverage.local());
    }

    /** The same figures, covering {@code covered}. */
    public JailStatus covering(Coverage covered) {
        return new JailStatus(
                jail, currentlyFailed, totalFailed, currentlyBanned, totalBanned, bannedIps, valvesTripped, covered);
    }

    /** The sum of two instances' shares. */
    public JailStatus plus(JailStatus other) {
        List<String> ips = new ArrayList<>(bannedIps);
        ips.addAll(other.bannedIps);
        return new JailStatus(
                jail,
                currentlyFailed + other.currentlyFailed,
                totalFailed + other.totalFailed,
                currentlyBanned + other.currentlyBanned,
                totalBanned + other.totalBanned,
                ips,
                valvesTripped + other.valvesTripped);
    }
}
