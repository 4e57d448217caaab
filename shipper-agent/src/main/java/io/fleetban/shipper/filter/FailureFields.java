package io.fleetban.shipper.filter;

import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns the groups of a matched failregex into a {@link MatchResult}, as fail2ban's {@code findFailure} picks the
 * failure id: {@code ip4}, then {@code ip6}, then {@code dns}, then {@code fid}. Every address goes through
 * {@link IpAddress#parse} (the project's one IP parser, behind fail2ban's address cache); a host name is never
 * resolved.
 */
final class FailureFields {

    /** fail2ban's FAILURE_ID_PRESENTS: a failregex must capture one of these (itself or through prefregex). */
    static final List<String> FAILURE_ID_PRESENTS = List.of("fid", "ip4", "ip6", "dns", "mlfid");

    private FailureFields() {}

    /**
     * The result of failregex {@code regexIndex} matching with {@code groups} (indexed by {@code names}).
     */
    static MatchResult toResult(
            String[] groups,
            FieldNames names,
            LineTime line,
            int regexIndex,
            MlfidCache mlfids,
            AddressCache addresses) {
        Instant time = line.time();
        String[] fields = groups;
        String mlfid = fields[FieldNames.MLFID];
        if (mlfid != null) {
            fields = mlfids.merge(mlfid, fields);
        }
        String nofail = fields[FieldNames.NOFAIL];
        if (nofail != null && !nofail.isEmpty()) {
            return new Missed(Missed.NO_FAILURE, Optional.empty(), Optional.of(time), regexIndex, line.dateTemplate());
        }
        String fid = fields[FieldNames.FID];
        String ip = fields[FieldNames.IP4];
        ip = ip != null ? ip : fields[FieldNames.IP6];
        if (ip == null) {
            String dns = fields[FieldNames.DNS];
            if (dns != null) {
                return new Missed(
                        Missed.UNRESOLVED_HOST, Optional.of(dns), Optional.of(time), regexIndex, line.dateTemplate());
            }
            ip = fid;
        }
        if (ip == null) { // multi-line: the failure waits for its identifier (fail2ban's mlfpending)
            fields[FieldNames.MLFPENDING] = "1";
            return new Missed(Missed.NO_FAILURE, Optional.empty(), Optional.of(time), regexIndex, line.dateTemplate());
        }
        try {
            return new Failure(addresses.parse(ip), time, new Fields(names, fields), regexIndex, line.dateTemplate());
        } catch (IllegalArgumentException e) {
            // Not an offense: the captured text is no IP literal (e.g. an <F-ID> that is a user name, or 999.1.1.1).
            return new Missed(
                    Missed.INVALID_ADDRESS,
                    Optional.of(fid != null ? fid : ip),
                    Optional.of(time),
                    regexIndex,
                    line.dateTemplate());
        }
    }
}
