package io.fleetban.client;

import io.fleetban.coordinator.hosts.HostState;
import io.fleetban.coordinator.hosts.HostView;
import io.fleetban.coordinator.hosts.HostsReport;
import io.fleetban.coordinator.query.JailInfo;
import io.fleetban.coordinator.query.JailStatus;
import io.fleetban.coordinator.query.OffenderView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@code fleetban client} prints the coordinator's query answers: in fail2ban-client's layouts where it has one
 * ({@code status}, {@code get}), so operators' eyes and scripts keep working.
 */
public final class AnswerText {

    private static final String IN_SYNC = HostState.IN_SYNC.label();
    private static final String KEEPING_UP = HostState.KEEPING_UP.label();

    /** The settings {@code fleetban client get} knows, as fail2ban-client names them. */
    public enum Setting {
        MAXRETRY,
        FINDTIME,
        BANTIME,
        IGNOREIP
    }

    private AnswerText() {}

    /** The layout of {@code fail2ban-client status <jail>}. */
    public static String status(JailStatus status, List<String> fileList) {
        return "Status for the jail: " + status.jail() + "\n"
                + "|- Filter\n"
                + "|  |- Currently failed:\t" + status.currentlyFailed() + "\n"
                + "|  |- Total failed:\t" + status.totalFailed() + "\n"
                + "|  `- File list:\t" + String.join(" ", fileList) + "\n"
                + "`- Actions\n"
                + "   |- Currently banned:\t" + status.currentlyBanned() + "\n"
                + "   |- Total banned:\t" + status.totalBanned() + "\n"
                + "   `- Banned IP list:\t" + String.join(" ", status.bannedIps()) + "\n"
                + (status.valvesTripped() == 0
                        ? ""
                        : "Automatic banning STOPPED by the safety valve (fleet.maxbans.rate) in "
                                + status.valvesTripped() + " partition(s): run 'fleetban client resume " + status.jail()
                                + "'\n");
    }

    /** fail2ban-client's output for {@code get <jail> <setting>}. */
    public static String setting(JailInfo jail, Setting setting) {
        return switch (setting) {
            case MAXRETRY -> jail.maxretry() + "\n";
            case FINDTIME -> jail.findtime() + "\n";
            case BANTIME -> jail.bantime() + "\n";
            case IGNOREIP -> ignoreIp(jail.ignoreip());
        };
    }

    private static String ignoreIp(List<String> ignoreip) {
        if (ignoreip.isEmpty()) {
            return "No IP address/network is ignored\n";
        }
        StringBuilder text = new StringBuilder("These IP addresses/networks are ignored:\n");
        for (int i = 0; i < ignoreip.size(); i++) {
            text.append(i == ignoreip.size() - 1 ? "`- " : "|- ")
                    .append(ignoreip.get(i))
                    .append('\n');
        }
        return text.toString();
    }

    /** {@code fleetban client why}: one fact a line, so it greps well. */
    public static String why(OffenderView offender) {
        StringBuilder text = new StringBuilder();
        text.append("IP ")
                .append(offender.ip())
                .append(" in jail ")
                .append(offender.jail())
                .append('\n');
        if (offender.banned()) {
            text.append("banned:      since ")
                    .append(Instant.ofEpochMilli(offender.bannedAt()))
                    .append(", ")
                    .append(
                            offender.expiresAt() == null
                                    ? "permanent"
                                    : "until " + Instant.ofEpochMilli(offender.expiresAt()))
                    .append('\n')
                    .append("source:      ")
                    .append(offender.source())
                    .append('\n')
                    .append("reason:      ")
                    .append(offender.reason())
                    .append('\n');
            if (!offender.hosts().isEmpty()) {
                text.append("hosts:       ")
                        .append(String.join(" ", offender.hosts()))
                        .append('\n');
            }
        } else {
            text.append("banned:      no\n");
        }
        text.append("bans:        ").append(offender.banCount()).append('\n');
        text.append("offenses:    ").append(offender.offenses().size()).append(" within findtime\n");
        for (OffenderView.CountedOffense offense : offender.offenses()) {
            text.append("  ")
                    .append(Instant.ofEpochMilli(offense.eventTime()))
                    .append("  ")
                    .append(offense.host());
            if (offense.line() != null) {
                text.append("  ").append(offense.line());
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** {@code fleetban client hosts}: one line per host, then the fleet's summary. */
    public static String hosts(HostsReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                "%-20s %-10s %-24s %7s %7s %-8s %-9s %s%n",
                "HOST", "STATE", "LAST SEEN", "BEHIND", "BANS", "SAME SET", "FIREWALL", "LAST REPAIR"));
        for (HostView host : report.hosts()) {
            text.append(String.format(
                    "%-20s %-10s %-24s %7d %7d %-8s %-9s %s%n",
                    host.host(),
                    host.state(),
                    Instant.ofEpochMilli(host.lastSeen()),
                    host.behind(),
                    host.bans(),
                    host.sameAsFleet() ? "yes" : "no",
                    host.healthy() ? "healthy" : "FAILING",
                    host.lastRepairAt() == null
                            ? "never"
                            : Instant.ofEpochMilli(host.lastRepairAt()) + " " + host.lastRepair()));
        }
        text.append("fleet: ")
                .append(report.fleetBans())
                .append(" active ban(s), ")
                .append(report.hosts().size())
                .append(" host(s), ")
                .append(report.hosts().stream()
                        .filter(h -> IN_SYNC.equals(h.state()))
                        .count())
                .append(" in sync, ")
                .append(report.hosts().stream()
                        .filter(h -> KEEPING_UP.equals(h.state()))
                        .count())
                .append(" keeping up\n");
        return text.toString();
    }

    /**
     * {@code fleetban client why}'s enforcement line for a ban decided at {@code decidedAt}: a host applied it when it
     * is among its recent bans (with how long it took) or when the host has caught up with every committed decision.
     */
    public static String enforcement(HostsReport report, String jail, String ip, long decidedAt) {
        List<String> applied = new ArrayList<>();
        List<String> unconfirmed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (HostView host : report.hosts()) {
            Optional<Duration> delay = applyDelay(host, jail, ip, decidedAt);
            if (delay.isPresent()) {
                applied.add(host.host() + " +" + delay.get().toMillis() + " ms");
            } else if (caughtUp(host)) {
                applied.add(host.host());
            } else if (KEEPING_UP.equals(host.state())) {
                unconfirmed.add(host.host() + " (" + host.behind() + " behind)");
            } else {
                missing.add(host.host() + " (" + host.state() + ", " + host.behind() + " behind)");
            }
        }
        StringBuilder line = new StringBuilder("enforced:    on ")
                .append(applied.size())
                .append(" of ")
                .append(report.hosts().size())
                .append(" hosts");
        if (!applied.isEmpty()) {
            line.append(" (").append(String.join(", ", applied)).append(')');
        }
        if (!unconfirmed.isEmpty()) {
            line.append("; keeping up, not confirmed yet on ").append(String.join(", ", unconfirmed));
        }
        if (!missing.isEmpty()) {
            line.append("; not applied on ").append(String.join(", ", missing));
        }
        return line.append('\n').toString();
    }

    /** Caught up with every committed decision and still publishing: it has applied every visible ban. */
    private static boolean caughtUp(HostView host) {
        return host.behind() == 0 && !"missing".equals(host.state());
    }

    /** How long this ban took to reach the host, when it is among the host's recent bans. */
    private static Optional<Duration> applyDelay(HostView host, String jail, String ip, long decidedAt) {
        return host.recentBans().stream()
                .filter(b -> b.jail().equals(jail) && b.ip().equals(ip) && b.decidedAt() == decidedAt)
                .reduce((first, second) -> second)
                .map(b -> Duration.ofMillis(b.appliedAt() - b.decidedAt()));
    }
}
