package io.fleetban.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every enforcer's state as the coordinator judges it ({@code GET /hosts}); times are epoch milliseconds.
 *
 * @param hosts       by host id
 * @param fleetBans   entries of active-bans
 * @param fleetDigest digest of active-bans
 * @param at          when the coordinator computed it
 */
public record FleetHosts(List<Host> hosts, int fleetBans, String fleetDigest, long at) {

    public FleetHosts {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** One host; see the coordinator's {@code HostView}. */
    public record Host(String host, String state, long lastSeen, long behind, int bans, boolean sameAsFleet,
                       boolean healthy, Boolean jumpPresent, Long lastRepairAt, String lastRepair, String version,
                       long startedAt, List<AppliedBan> recentBans) {

        public Host {
            recentBans = recentBans == null ? List.of() : List.copyOf(recentBans);
        }

        /** Caught up with every committed decision and still publishing: it has applied every visible ban. */
        boolean caughtUp() {
            return behind == 0 && !"missing".equals(state);
        }

        /** How long this ban took to reach the host, when it is among the host's recent bans. */
        Optional<Duration> applyDelay(String jail, String ip, long decidedAt) {
            return recentBans.stream().filter(b -> b.jail().equals(jail) && b.ip().equals(ip) && b.decidedAt() == decidedAt)
                    .reduce((first, second) -> second)
                    .map(b -> Duration.ofMillis(b.appliedAt() - b.decidedAt()));
        }
    }

    /** A ban a host applied. */
    public record AppliedBan(String jail, String ip, long decidedAt, long appliedAt) {
    }

    /** {@code fleetban client hosts}: one line per host, worst states first in the summary. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%-20s %-9s %-24s %7s %7s %-8s %-9s %s%n", "HOST", "STATE", "LAST SEEN", "BEHIND",
                "BANS", "SAME SET", "FIREWALL", "LAST REPAIR"));
        for (Host host : hosts) {
            text.append(String.format("%-20s %-9s %-24s %7d %7d %-8s %-9s %s%n", host.host(), host.state(),
                    Instant.ofEpochMilli(host.lastSeen()), host.behind(), host.bans(), host.sameAsFleet() ? "yes" : "no",
                    host.healthy() ? "healthy" : "FAILING",
                    host.lastRepairAt() == null ? "never"
                            : Instant.ofEpochMilli(host.lastRepairAt()) + " " + host.lastRepair()));
        }
        text.append("fleet: ").append(fleetBans).append(" active ban(s), ").append(hosts.size()).append(" host(s), ")
                .append(hosts.stream().filter(h -> "in-sync".equals(h.state())).count()).append(" in sync\n");
        return text.toString();
    }

    /**
     * {@code fleetban client why}'s enforcement line for a ban decided at {@code decidedAt}: a host applied it when it
     * is among its recent bans (with how long it took) or when the host has caught up with every committed decision.
     */
    public String enforcement(String jail, String ip, long decidedAt) {
        List<String> applied = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Host host : hosts) {
            Optional<Duration> delay = host.applyDelay(jail, ip, decidedAt);
            if (delay.isPresent()) {
                applied.add(host.host() + " +" + delay.get().toMillis() + " ms");
            } else if (host.caughtUp()) {
                applied.add(host.host());
            } else {
                missing.add(host.host() + " (" + host.state() + ", " + host.behind() + " behind)");
            }
        }
        StringBuilder line = new StringBuilder("enforced:    on ").append(applied.size()).append(" of ")
                .append(hosts.size()).append(" hosts");
        if (!applied.isEmpty()) {
            line.append(" (").append(String.join(", ", applied)).append(')');
        }
        if (!missing.isEmpty()) {
            line.append("; not applied on ").append(String.join(", ", missing));
        }
        return line.append('\n').toString();
    }
}
