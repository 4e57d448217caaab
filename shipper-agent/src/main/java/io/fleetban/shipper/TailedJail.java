package io.fleetban.shipper;

import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.date.DateDetector;
import io.fleetban.shipper.filter.date.DateMatch;
import io.fleetban.shipper.tail.LineTimes;
import io.fleetban.shipper.tail.LogPathGlob;
import io.fleetban.shipper.tail.StartWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An enabled jail as the shipper runs it: its name, the log paths it watches and how to make its filter.
 *
 * @param name          the jail name, as in {@code [sshd]}
 * @param logPaths      its {@code logpath} entries
 * @param filterFactory makes one filter per log file ({@code JailFilter.compile(..)::match} in production): a
 *                      filter is stateful (last date template, multi-line buffer), so two files never share one
 * @param window        its {@code findtime} and date detection: how much of a log present at first start it reads
 */
public record TailedJail(
        String name,
        List<LogPathGlob> logPaths,
        Supplier<Function<String, MatchResult>> filterFactory,
        StartWindow window) {

    /** fail2ban's default findtime, for jails made without a window (tests). */
    static final Duration DEFAULT_FIND_TIME = Duration.ofMinutes(10);

    public TailedJail {
        Objects.requireNonNull(name, "name");
        logPaths = List.copyOf(logPaths);
        Objects.requireNonNull(filterFactory, "filterFactory");
        Objects.requireNonNull(window, "window");
    }

    /** A jail with fail2ban's default findtime and no date detection of its own (a first start reads whole files). */
    public TailedJail(String name, List<LogPathGlob> logPaths, Supplier<Function<String, MatchResult>> filterFactory) {
        this(name, logPaths, filterFactory, new StartWindow(DEFAULT_FIND_TIME, () -> line -> Optional.empty()));
    }

    /** The configured jail, with its filter and its filter's date detection. */
    static TailedJail of(ShipperConfig.WatchedJail jail, FilterClock clock) {
        Optional<String> logTimeZone =
                Optional.ofNullable(jail.filter().options().get(JailFilter.OPTION_LOG_TIME_ZONE));
        Supplier<LineTimes> times = () -> {
            DateDetector dates =
                    DateDetector.create(jail.filter().datePattern(), clock.clock(), clock.zone(), logTimeZone);
            return line -> dates.find(line).map(DateMatch::time);
        };
        return new TailedJail(
                jail.name(),
                jail.logPaths().stream().map(LogPathGlob::of).toList(),
                () -> JailFilter.compile(jail.filter(), clock)::match,
                new StartWindow(jail.findTime(), times));
    }

    /** True when {@code file} is one of this jail's log files. */
    public boolean watches(Path file) {
        return logPaths.stream().anyMatch(glob -> glob.matches(file));
    }
}
