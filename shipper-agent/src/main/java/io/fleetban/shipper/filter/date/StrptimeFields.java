package io.fleetban.shipper.filter.date;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Turns the named groups of a strptime date match into an instant, mirroring fail2ban's
 * {@code strptime.reGroupDictStrptime}: missing year = the current year, moved one year back when the date would be
 * more than a day in the future (a "Dec 31" line read on Jan 1); missing day = today, moved back a day when in the
 * future; {@code %z}/{@code %Z} or {@code logtimezone} give a fixed offset, otherwise the clock's zone applies.
 * Fractions of a second are dropped, as fail2ban does.
 */
final class StrptimeFields {

  private final Set<String> groups;

  StrptimeFields(Set<String> javaGroupNames) {
    this.groups = Set.copyOf(javaGroupNames);
  }

  private String get(Matcher m, String name) {
    return groups.contains(name) ? m.group(name) : null;
  }

  /** The instant of the match, or empty when the fields do not form a valid date. */
  Optional<Instant> resolve(Matcher m, DateContext ctx) {
    try {
      return Optional.of(resolveOrThrow(m, ctx));
    } catch (java.time.DateTimeException | IllegalArgumentException e) {
      return Optional.empty(); // fail2ban: getTime() catches the ValueError and the line has no date
    }
  }

  private Instant resolveOrThrow(Matcher m, DateContext ctx) {
    Integer year = intOf(get(m, "Y"));
    String y2 = get(m, "y");
    if (y2 != null) {
      year = Integer.parseInt(y2) + 2000;
    }
    Integer month = intOf(get(m, "m"));
    month = month != null ? month : monthOf(get(m, "B"));
    month = month != null ? month : monthOf(get(m, "b"));
    Integer day = intOf(get(m, "d"));
    int hour = hourOf(m);
    int minute = orZero(get(m, "M"));
    int second = orZero(get(m, "S"));
    Integer offsetMinutes = zoneOffset(m, ctx);
    LocalDateTime now = ctx.nowLocal();
    boolean assumeYear = year == null;
    if (assumeYear) {
      year = now.getYear();
    }
    Integer julian = intOf(get(m, "j"));
    if ((month == null || day == null) && julian != null) {
      LocalDate d = LocalDate.ofYearDay(year, julian);
      month = d.getMonthValue();
      day = d.getDayOfMonth();
    }
    boolean assumeToday = month == null && day == null;
    if (assumeToday) {
      month = now.getMonthValue();
      day = now.getDayOfMonth();
    }
    if (month == null || day == null) {
      throw new IllegalArgumentException("incomplete date");
    }
    LocalDateTime result = LocalDateTime.of(year, month, day, hour, minute, second);
    if (offsetMinutes != null) {
      result = result.minusMinutes(offsetMinutes);
    }
    if (assumeToday && result.isAfter(now)) {
      result = result.minusDays(1);
    }
    if (assumeYear && result.isAfter(now.plusDays(1))) {
      result = result.withYear(year - 1);
    }
    return offsetMinutes != null ? result.toInstant(ZoneOffset.UTC) : result.atZone(ctx.zone()).toInstant();
  }

  private int hourOf(Matcher m) {
    String h = get(m, "H");
    if (h != null) {
      return Integer.parseInt(h.strip());
    }
    String i = get(m, "I");
    if (i == null) {
      return 0;
    }
    int hour = Integer.parseInt(i.strip());
    String ampm = get(m, "p");
    boolean pm = ampm != null && ampm.equalsIgnoreCase("pm");
    if (!pm && hour == 12) {
      return 0;
    }
    return pm && hour != 12 ? hour + 12 : hour;
  }

  private Integer zoneOffset(Matcher m, DateContext ctx) {
    String z = get(m, "z");
    z = z != null ? z : get(m, "Z");
    if (z != null) {
      return TimeZoneAbbreviations.offsetMinutes(z)
          .orElseThrow(() -> new IllegalArgumentException("unknown zone"));
    }
    return ctx.logOffsetMinutes().orElse(null);
  }

  private static Integer monthOf(String name) {
    if (name == null) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < StrptimeDirectives.MONTHS.length; i++) {
      if (StrptimeDirectives.MONTHS[i].equals(lower) || StrptimeDirectives.MONTHS[i].startsWith(lower)
          && lower.length() == 3) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unknown month " + name);
  }

  private static Integer intOf(String text) {
    return text == null ? null : Integer.valueOf(text.strip());
  }

  private static int orZero(String text) {
    return text == null ? 0 : Integer.parseInt(text.strip());
  }

  /**
   * What a date is resolved against.
   *
   * @param zone             zone of local dates
   * @param nowLocal         the clock's now in {@code zone} (year and day inference)
   * @param logOffsetMinutes fixed {@code logtimezone} offset, when the filter sets one
   */
  record DateContext(ZoneId zone, LocalDateTime nowLocal, Optional<Integer> logOffsetMinutes) { }
}
