package io.fleetban.shipper.tail;

import java.time.Instant;
import java.util.Optional;

/** The time written in a log line, by the date detection of a jail watching the file. Not thread-safe. */
@FunctionalInterface
public interface LineTimes {
    Optional<Instant> timeOf(String line);
}
