package io.fleetban.coordinator.query;

import java.util.List;

/**
 * {@code GET /jails/{jail}/ips/{ip}}: what the coordinator holds about one IP in one jail, fleet-wide: the counted
 * offenses (times, reporting hosts, matched lines) and, when banned, the ban and why. Times are epoch milliseconds.
 *
 * @param jail      the jail
 * @param ip        the IP in canonical text
 * @param offenses  offenses inside findtime, oldest first
 * @param banned    whether the IP is banned now
 * @param bannedAt  when the ban was decided, null when not banned
 * @param expiresAt when the ban ends, null when not banned or permanent
 * @param source    AUTO or MANUAL, null when not banned
 * @param reason    why it was banned, null when not banned
 * @param hosts     hosts whose offenses led to the ban (empty when not banned or manual)
 * @param banCount  bans of this IP in this jail while its state lived
 */
public record OffenderView(
        String jail,
        String ip,
        List<CountedOffense> offenses,
        boolean banned,
        Long bannedAt,
        Long expiresAt,
        String source,
        String reason,
        List<String> hosts,
        int banCount) {

    public OffenderView {
        // Absent lists read as empty: the client reads this record from JSON too.
        offenses = offenses == null ? List.of() : List.copyOf(offenses);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** Nothing known: no offense inside findtime and no ban. */
    public static OffenderView unknown(String jail, String ip) {
        return new OffenderView(jail, ip, List.of(), false, null, null, null, null, List.of(), 0);
    }

    /**
     * One counted offense.
     *
     * @param eventTime time in the log line, epoch millis
     * @param host      the reporting host
     * @param line      the matched log line, read back from the offenses topic; null when no longer there
     */
    public record CountedOffense(long eventTime, String host, String line) {}
}
