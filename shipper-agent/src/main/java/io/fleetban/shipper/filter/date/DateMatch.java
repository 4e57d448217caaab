package io.fleetban.shipper.filter.date;

import java.time.Instant;

/**
 * A date found in a line.
 *
 * @param start start of the date text (removed from the line before failregex matching, as fail2ban does)
 * @param end   end of the date text (exclusive)
 * @param time  the instant it stands for
 */
public record DateMatch(int start, int end, Instant time) { }
