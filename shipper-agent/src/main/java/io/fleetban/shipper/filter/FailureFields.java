package io.fleetban.shipper.filter;

import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  private FailureFields() {
  }

  /**
   * The result of failregex {@code regexIndex} matching with {@code groups}.
   */
  static MatchResult toResult(Map<String, String> groups, LineTime line, int regexIndex, MlfidCache mlfids,
      AddressCache addresses) {
    Instant time = line.time();
    Optional<Instant> at = Optional.of(time);
    Map<String, String> fields = groups;
    String mlfid = fields.get("mlfid");
    if (mlfid != null) {
      fields = mlfids.merge(mlfid, fields);
    }
    String nofail = fields.get("nofail");
    if (nofail != null && !nofail.isEmpty()) {
      return new Missed(Missed.NO_FAILURE, Optional.empty(), at, regexIndex, line.dateTemplate());
    }
    String fid = fields.get("fid");
    String ip = fields.get("ip4");
    ip = ip != null ? ip : fields.get("ip6");
    if (ip == null) {
      String dns = fields.get("dns");
      if (dns != null) {
        return new Missed(Missed.UNRESOLVED_HOST, Optional.of(dns), at, regexIndex, line.dateTemplate());
      }
      ip = fid;
    }
    if (ip == null) { // multi-line: the failure waits for its identifier (fail2ban's mlfpending)
      fields.put("mlfpending", "1");
      return new Missed(Missed.NO_FAILURE, Optional.empty(), at, regexIndex, line.dateTemplate());
    }
    try {
      return new Failure(addresses.parse(ip), time, fields, regexIndex, line.dateTemplate());
    } catch (IllegalArgumentException e) {
      // Not an offense: the captured text is no IP literal (e.g. an <F-ID> that is a user name, or 999.1.1.1).
      return new Missed(Missed.INVALID_ADDRESS, Optional.of(fid != null ? fid : ip), at, regexIndex,
          line.dateTemplate());
    }
  }
}
