package io.fleetban.coordinator.hosts;

import java.util.List;

/**
 * {@code GET /hosts}: every enforcer that ever published its status, and the fleet's side of the comparison.
 *
 * @param hosts       by host id
 * @param fleetBans   entries of active-bans
 * @param fleetDigest {@link io.fleetban.status.BanSetDigest} of active-bans
 * @param at          when this was computed (epoch milliseconds)
 */
public record HostsReport(List<HostView> hosts, int fleetBans, String fleetDigest, long at) {

    public HostsReport {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }
}
