package io.fleetban.testkit.corpus;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * One annotated line of fail2ban's sample corpus ({@code tests/files/logs/<filter>}) run under one option set, with
 * what fail2ban expects ({@code # failJSON: {"match": ..., "host": ..., "time": ...}}).
 *
 * @param filter   filter name (the log file's name)
 * @param file     the log file the line comes from ({@code addFILE} can chain files)
 * @param lineNo   1-based line number in that file
 * @param options  the filter options of this run ({@code mode}, {@code logtype} ...), without {@code test.*} keys
 * @param journal  {@code logtype=journal}: the line is a journal message, its time is "now"
 * @param line     the log line as fail2ban feeds it (journal runs get the {@code test.prefix-line})
 * @param match    whether fail2ban reports a failure
 * @param host     the failure id fail2ban reports, if annotated
 * @param time     the local time fail2ban reports ({@code 2005-08-14T11:59:59[.ffffff]}), if annotated
 */
public record SampleLogCase(String filter, String file, int lineNo, Map<String, String> options, boolean journal,
    String line, boolean match, Optional<String> host, Optional<String> time) {

  private static final DateTimeFormatter LENIENT_LOCAL = DateTimeFormatter.ofPattern("y-M-d'T'H:m:s");

  /** The expected instant to the second: the harness compares {@code time.mktime} of the local time in the zone. */
  public Optional<Instant> expectedInstant(ZoneId zone) {
    return time.map(t -> {
      int dot = t.indexOf('.');
      String seconds = dot < 0 ? t : t.substring(0, dot);
      return LocalDateTime.parse(seconds, LENIENT_LOCAL).atZone(zone).toInstant();
    });
  }

  /** Where the case is, for failure messages: {@code sshd:sshd:100 {mode=aggressive}}. */
  public String location() {
    return filter + ":" + file + ":" + lineNo + " " + options;
  }
}
