package io.fleetban.cli.regex;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FILTER argument of {@code fleetban regex}, read as {@code fail2ban-regex} reads its {@code REGEX|FILTER}: an
 * existing file is a filter ({@code [INCLUDES]} resolved next to it, parameters from {@code --filter-option}),
 * anything else is one failregex given on the command line.
 */
public final class FilterSource {

    /** Name and pseudo-path of a filter given as a bare regex. */
    static final String COMMAND_LINE = "command-line";

    private FilterSource() {
    }

    /**
     * Resolves the filter.
     *
     * @param filterOrRegex a filter file or a failregex
     * @param ignoreRegex   an extra ignoreregex (fail2ban-regex's optional third argument)
     * @param options       filter parameters ({@code mode=aggressive}, {@code logtype=journal}, {@code logtimezone})
     * @param requireFile   true in {@code --json} mode, whose contract takes a filter file only
     * @throws IllegalArgumentException when a file is required and absent
     * @throws io.fleetban.fail2ban.ConfigException for a filter file that does not parse
     */
    public static FilterDefinition resolve(String filterOrRegex, Optional<String> ignoreRegex,
            Map<String, String> options, boolean requireFile) {
        final Path file = Path.of(filterOrRegex.isBlank() ? "." : filterOrRegex);
        final FilterDefinition def;
        if (Files.isRegularFile(file)) {
            def = FilterReader.readFile(file, options);
        } else if (requireFile) {
            throw new IllegalArgumentException("filter file not found: " + filterOrRegex);
        } else {
            def = new FilterDefinition(COMMAND_LINE, Path.of(COMMAND_LINE), List.of(filterOrRegex), List.of(),
                    Optional.empty(), Optional.empty(), 1, Optional.empty(), options);
        }
        if (ignoreRegex.isEmpty()) {
            return def;
        }
        final List<String> ignore = new ArrayList<>(def.ignoreRegex());
        ignore.add(ignoreRegex.get());
        return new FilterDefinition(def.name(), def.file(), def.failRegex(), ignore, def.prefRegex(),
                def.datePattern(), def.maxLines(), def.journalMatch(), def.options());
    }
}
