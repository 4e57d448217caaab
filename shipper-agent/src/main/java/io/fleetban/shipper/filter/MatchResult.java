package io.fleetban.shipper.filter;

import io.fleetban.fail2ban.value.IpAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What {@link JailFilter#match(String)} concluded about one log line. */
public sealed interface MatchResult {

  /**
   * A failregex matched and captured a valid address: this is an offense.
   *
   * @param ip     the validated address (parsed once by {@link IpAddress#parse})
   * @param time   the log line's time (date detector), or now for filters without dates
   * @param fields every named group that matched ({@code user}, {@code fid}, custom {@code <F-NAME>} ...), by the
   *               fail2ban name, after {@code <F-ALT_*>} merging
   */
  record Failure(IpAddress ip, Instant time, Map<String, String> fields) implements MatchResult {
    public Failure {
      Objects.requireNonNull(ip, "ip");
      Objects.requireNonNull(time, "time");
      fields = Map.copyOf(fields);
    }
  }

  /**
   * A failregex matched but an ignoreregex matched too (fail2ban: "ignored").
   *
   * @param ignoreRegexIndex which ignoreregex (0-based) matched
   */
  record Ignored(int ignoreRegexIndex) implements MatchResult { }

  /**
   * No offense on this line.
   *
   * @param reason       why: {@link #NO_DATE}, {@link #NO_MATCH}, {@link #INVALID_ADDRESS}, {@link #UNRESOLVED_HOST},
   *                     {@link #NO_FAILURE} (a {@code <F-NOFAIL>} or multi-line pending match),
   *                     {@link #TOO_COMPLEX} (the regex engine ran out of stack on this line)
   * @param capturedHost the host text a failregex captured, when it matched but gave no usable address
   * @param time         the line's time when a date was found
   */
  record Missed(String reason, Optional<String> capturedHost, Optional<Instant> time) implements MatchResult {
    public static final String NO_DATE = "no date";
    public static final String NO_MATCH = "no failregex matched";
    public static final String INVALID_ADDRESS = "invalid address";
    public static final String UNRESOLVED_HOST = "unresolved hostname";
    public static final String NO_FAILURE = "matched without failure";
    public static final String TOO_COMPLEX = "line too complex for the regex engine";

    public Missed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(capturedHost, "capturedHost");
      Objects.requireNonNull(time, "time");
    }

    /** A miss with no captured host. */
    public static Missed of(String reason) {
      return new Missed(reason, Optional.empty(), Optional.empty());
    }
  }
}
