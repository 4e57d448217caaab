package io.fleetban.client;

import java.util.List;

/**
 * A jail's fleet-wide status as the coordinator's query API returns it ({@code GET /jails/{jail}/status}): the
 * figures {@code fail2ban-client status <jail>} shows, summed over every coordinator instance.
 */
public record JailStatus(String jail, long currentlyFailed, long totalFailed, long currentlyBanned, long totalBanned,
                         List<String> bannedIps, int valvesTripped, AnswerCoverage coverage) {

    public JailStatus {
        bannedIps = List.copyOf(bannedIps);
        coverage = coverage == null ? AnswerCoverage.WHOLE : coverage;
    }

    /** The layout of {@code fail2ban-client status <jail>}, so operators' eyes and scripts keep working. */
    public String render(List<String> fileList) {
        return "Status for the jail: " + jail + "\n"
                + "|- Filter\n"
                + "|  |- Currently failed:\t" + currentlyFailed + "\n"
                + "|  |- Total failed:\t" + totalFailed + "\n"
                + "|  `- File list:\t" + String.join(" ", fileList) + "\n"
                + "`- Actions\n"
                + "   |- Currently banned:\t" + currentlyBanned + "\n"
                + "   |- Total banned:\t" + totalBanned + "\n"
                + "   `- Banned IP list:\t" + String.join(" ", bannedIps) + "\n"
                + (valvesTripped == 0 ? "" : "Automatic banning STOPPED by the safety valve (fleet.maxbans.rate) in "
                        + valvesTripped + " partition(s): run 'fleetban client resume " + jail + "'\n");
    }
}
