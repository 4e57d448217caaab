package io.fleetban.cli.regex;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.ini.NameWithOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The FILTER argument of {@code fleetban regex}, read as {@code fail2ban-regex} reads its {@code REGEX|FILTER}
 * ({@code Fail2banRegex.readRegex}): an existing file is a filter ({@code [INCLUDES]} resolved next to it); a filter
 * reference such as {@code sshd} or {@code sshd[mode=aggressive]} (or a file path with {@code [options]}) is looked
 * up as {@code filter.d/NAME.conf}/{@code .local} in the fail2ban config dir; anything else is one failregex given on
 * the command line. Parameters written in brackets come first; {@code --filter-option} overrides them.
 */
public final class FilterSource {

    /** Name and pseudo-path of a filter given as a bare regex. */
    static final String COMMAND_LINE = "command-line";

    /** fail2ban-regex's test for "this may name a filter": a path-like word, optionally with [options]. */
    private static final Pattern FILTER_REFERENCE = Pattern.compile("^/{0,3}[\\w/_\\-.]+(?:\\[.*])?$", Pattern.DOTALL);

    private static final String FILTER_DIR = "filter.d";

    private FilterSource() {}

    /**
     * Resolves the filter.
     *
     * @param filterOrRegex a filter file, a filter name (with optional {@code [options]}) or a failregex
     * @param ignoreRegex   an extra ignoreregex (fail2ban-regex's optional third argument)
     * @param options       filter parameters ({@code mode=aggressive}, {@code logtype=journal}, {@code logtimezone})
     * @param configDir     the fail2ban config dir whose {@code filter.d} holds named filters (or that filter.d itself)
     * @param requireFile   true in {@code --json} mode, whose contract takes a filter (file or name), never a regex
     * @throws IllegalArgumentException when a filter is required and none is found ("filter file not found: FILTER",
     *                                  as the --json contract words it), or its [options] do not parse
     * @throws io.fleetban.fail2ban.ConfigException for a filter file that does not parse
     */
    public static FilterDefinition resolve(
            String filterOrRegex,
            Optional<String> ignoreRegex,
            Map<String, String> options,
            Path configDir,
            boolean requireFile) {
        final Optional<FilterDefinition> filter = readFilter(filterOrRegex, options, configDir);
        if (filter.isEmpty() && requireFile) {
            throw new IllegalArgumentException("filter file not found: " + filterOrRegex); // the --json contract's text
        }
        final FilterDefinition def = filter.orElseGet(() -> new FilterDefinition(
                COMMAND_LINE,
                Path.of(COMMAND_LINE),
                List.of(filterOrRegex),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                1,
                Optional.empty(),
                options));
        if (ignoreRegex.isEmpty()) {
            return def;
        }
        final List<String> ignore = new ArrayList<>(def.ignoreRegex());
        ignore.add(ignoreRegex.get());
        return new FilterDefinition(
                def.name(),
                def.file(),
                def.failRegex(),
                ignore,
                def.prefRegex(),
                def.datePattern(),
                def.maxLines(),
                def.journalMatch(),
                def.options());
    }

    private static Optional<FilterDefinition> readFilter(String text, Map<String, String> options, Path configDir) {
        final Path file = Path.of(text.isBlank() ? "." : text);
        if (Files.isRegularFile(file)) {
            return Optional.of(FilterReader.readFile(file, options));
        }
        if (!FILTER_REFERENCE.matcher(text.strip()).matches()) {
            return Optional.empty();
        }
        final NameWithOptions reference = NameWithOptions.parse(text);
        final Map<String, String> merged = new LinkedHashMap<>(reference.options());
        merged.putAll(options);
        final String name = reference.name();
        if (name.contains("/")) {
            final Path path = Path.of(name);
            return Files.isRegularFile(path) ? Optional.of(FilterReader.readFile(path, merged)) : Optional.empty();
        }
        final Path dir = filterDir(configDir);
        final String baseName =
                name.endsWith(".conf") || name.endsWith(".local") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (Files.isRegularFile(dir.resolve(baseName + ".conf"))
                || Files.isRegularFile(dir.resolve(baseName + ".local"))) {
            // The standard loading of a named filter: NAME.conf, then NAME.local over it, [INCLUDES] in filter.d.
            return Optional.of(FilterReader.read(dir, baseName, merged));
        }
        return Optional.empty();
    }

    /** fail2ban-regex accepts the config dir or its filter.d as {@code --config}. */
    private static Path filterDir(Path configDir) {
        final Path name = configDir.getFileName();
        return name != null && name.toString().equals(FILTER_DIR) ? configDir : configDir.resolve(FILTER_DIR);
    }
}
