package io.fleetban.client;

import java.time.Instant;
import java.util.List;

/**
 * What the coordinator holds about one IP in one jail, fleet-wide ({@code GET /jails/{jail}/ips/{ip}}): its counted
 * offenses and, when banned, why. Times are epoch milliseconds.
 */
public record OffenderReport(String jail, String ip, List<Offense> offenses, boolean banned, Long bannedAt,
                             Long expiresAt, String source, String reason, List<String> hosts, int banCount) {

    public OffenderReport {
        offenses = offenses == null ? List.of() : List.copyOf(offenses);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** One counted offense: the time in its log line, the host that reported it, the line (null when gone). */
    public record Offense(long eventTime, String host, String line) {
    }

    /** Human-readable, one fact a line, so it greps well. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("IP ").append(ip).append(" in jail ").append(jail).append('\n');
        if (banned) {
            text.append("banned:      since ").append(Instant.ofEpochMilli(bannedAt)).append(", ")
                    .append(expiresAt == null ? "permanent" : "until " + Instant.ofEpochMilli(expiresAt)).append('\n')
                    .append("source:      ").append(source).append('\n')
                    .append("reason:      ").append(reason).append('\n');
            if (!hosts.isEmpty()) {
                text.append("hosts:       ").append(String.join(" ", hosts)).append('\n');
            }
        } else {
            text.append("banned:      no\n");
        }
        text.append("bans:        ").append(banCount).append('\n');
        text.append("offenses:    ").append(offenses.size()).append(" within findtime\n");
        for (Offense offense : offenses) {
            text.append("  ").append(Instant.ofEpochMilli(offense.eventTime())).append("  ").append(offense.host());
            if (offense.line() != null) {
                text.append("  ").append(offense.line());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
