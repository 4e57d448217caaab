package io.fleetban.shipper.filter;

import java.time.Instant;
import java.util.Optional;

/**
 * When a line happened and how that was found out: the instant and the date template that read it (empty for a line
 * without a date of its own). Carried from the date detector to the {@link MatchResult} of the line.
 *
 * @param time         the line's time
 * @param dateTemplate the template that found the date, if any
 */
record LineTime(Instant time, Optional<String> dateTemplate) {}
