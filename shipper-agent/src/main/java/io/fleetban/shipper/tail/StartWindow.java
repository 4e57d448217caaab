package io.fleetban.shipper.tail;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@link ReadFrom#FINDTIME} needs for one log file: how far back its jails count failures and how to read a
 * line's time.
 *
 * @param findTime the longest {@code findtime} of the jails watching the file
 * @param times    a new date detector (they are stateful) of the jail with that findtime
 */
public record StartWindow(Duration findTime, Supplier<LineTimes> times) {

    public StartWindow {
        Objects.requireNonNull(findTime, "findTime");
        Objects.requireNonNull(times, "times");
    }
}
