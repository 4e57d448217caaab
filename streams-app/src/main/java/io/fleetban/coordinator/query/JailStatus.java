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
 */
public record JailStatus(String jail, long currentlyFailed, long totalFailed, long currentlyBanned, long totalBanned,
                         List<String> bannedIps, int valvesTripped) {

    public JailStatus {
        bannedIps = List.copyOf(bannedIps);
    }

    /** The sum of two instances' shares. */
    public JailStatus plus(JailStatus other) {
        List<String> ips = new ArrayList<>(bannedIps);
        ips.addAll(other.bannedIps);
        return new JailStatus(jail, currentlyFailed + other.currentlyFailed, totalFailed + other.totalFailed,
                currentlyBanned + other.currentlyBanned, totalBanned + other.totalBanned, ips,
                valvesTripped + other.valvesTripped);
    }
}
