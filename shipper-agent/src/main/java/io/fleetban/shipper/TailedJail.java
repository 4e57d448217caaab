package io.fleetban.shipper;

import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.tail.LogPathGlob;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * An enabled jail as the shipper runs it: its name, the log paths it watches and its compiled filter.
 *
 * @param name     the jail name, as in {@code [sshd]}
 * @param logPaths its {@code logpath} entries
 * @param filter   its filter ({@code JailFilter::match} in production)
 */
public record TailedJail(String name, List<LogPathGlob> logPaths, Function<String, MatchResult> filter) {

    public TailedJail {
        Objects.requireNonNull(name, "name");
        logPaths = List.copyOf(logPaths);
        Objects.requireNonNull(filter, "filter");
    }

    /** True when {@code file} is one of this jail's log files. */
    public boolean watches(Path file) {
        return logPaths.stream().anyMatch(glob -> glob.matches(file));
    }
}
