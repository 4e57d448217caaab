package io.fleetban.shipper;

import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.tail.LogPathGlob;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An enabled jail as the shipper runs it: its name, the log paths it watches and how to make its filter.
 *
 * @param name          the jail name, as in {@code [sshd]}
 * @param logPaths      its {@code logpath} entries
 * @param filterFactory makes one filter per log file ({@code JailFilter.compile(..)::match} in production): a
 *                      filter is stateful (last date template, multi-line buffer), so two files never share one
 */
public record TailedJail(String name, List<LogPathGlob> logPaths,
                         Supplier<Function<String, MatchResult>> filterFactory) {

    public TailedJail {
        Objects.requireNonNull(name, "name");
        logPaths = List.copyOf(logPaths);
        Objects.requireNonNull(filterFactory, "filterFactory");
    }

    /** True when {@code file} is one of this jail's log files. */
    public boolean watches(Path file) {
        return logPaths.stream().anyMatch(glob -> glob.matches(file));
    }
}
