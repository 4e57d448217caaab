package io.fleetban.fail2ban.filter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One fail2ban filter, fully resolved for one set of parameters: what the filter engine compiles.
 * Regexes are fail2ban's raw (Python {@code re}) text after {@code %(..)s} interpolation and {@code <tag>}
 * substitution of config values (e.g. {@code <mdre-<mode>>}), with fail2ban's regex tags ({@code <HOST>},
 * {@code <F-USER>}, ...) still in place: the filter engine expands those.
 *
 * @param name        filter name (file name without {@code .conf})
 * @param file        the filter's main file ({@code filter.d/<name>.conf})
 * @param failRegex   {@code failregex}, one entry per non-empty line, in order
 * @param ignoreRegex {@code ignoreregex}, one entry per non-empty line, in order
 * @param prefRegex   {@code prefregex}, if set and not blank
 * @param datePattern {@code datepattern}, if set and not blank (e.g. {@code {^LN-BEG}})
 * @param maxLines    {@code maxlines}: lines buffered for multi-line regexes (default 1)
 * @param journalMatch {@code journalmatch}, if set and not blank (for {@code backend = systemd})
 * @param options     the filter's parameters after resolution: those given by the jail
 *                    (e.g. {@code mode=aggressive}, {@code logtype}, {@code logtimezone}) plus its {@code [Init]}
 *                    defaults, and {@code logtype} as the filter declares it when the jail gave none
 */
public record FilterDefinition(
        String name,
        Path file,
        List<String> failRegex,
        List<String> ignoreRegex,
        Optional<String> prefRegex,
        Optional<String> datePattern,
        int maxLines,
        Optional<String> journalMatch,
        Map<String, String> options) {

    /** Validates and freezes the record. */
    public FilterDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        failRegex = List.copyOf(failRegex);
        ignoreRegex = List.copyOf(ignoreRegex);
        Objects.requireNonNull(prefRegex, "prefRegex");
        Objects.requireNonNull(datePattern, "datePattern");
        Objects.requireNonNull(journalMatch, "journalMatch");
        options = Map.copyOf(options);
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxlines must be at least 1, was " + maxLines);
        }
    }
}
