package io.fleetban.fail2ban.filter;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.ini.DefinitionFile;
import io.fleetban.fail2ban.ini.IniValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a filter from a {@code filter.d} directory the way fail2ban's {@code FilterReader} does:
 * {@code <name>.conf}, {@code <name>.d/*.conf}, {@code <name>.local}, {@code <name>.d/*.local} with their
 * {@code [INCLUDES]} (e.g. {@code common.conf}), then {@code [Definition]} resolved for the given parameters
 * ({@link DefinitionFile}). Only config files are read; nothing else is touched.
 */
public final class FilterReader {
    /** Option: lines that are a failure (one regex per line). */
    public static final String FAILREGEX = "failregex";
    /** Option: lines to ignore even if they match a failregex. */
    public static final String IGNOREREGEX = "ignoreregex";
    /** Option: common prefix regex; its {@code <F-CONTENT>} is what failregex lines are matched against. */
    public static final String PREFREGEX = "prefregex";
    /** Option: number of lines kept for multi-line regexes. */
    public static final String MAXLINES = "maxlines";
    /** Option: date pattern overriding the default date templates. */
    public static final String DATEPATTERN = "datepattern";
    /** Option: systemd journal match for {@code backend = systemd}. */
    public static final String JOURNALMATCH = "journalmatch";
    /** Option: whether {@code <HOST>} may be a hostname resolved by DNS (yes, warn, no, raw). */
    public static final String USEDNS = "usedns";
    /** Option: {@code file}, {@code journal}, ... chooses {@code <lt_<logtype>/...>} variants in common.conf. */
    public static final String LOGTYPE = "logtype";

    /** The {@code [Definition]} options fail2ban's FilterReader reads ({@code _configOpts}); a jail may override them. */
    public static final Set<String> FILTER_OPTIONS =
            Set.of(USEDNS, PREFREGEX, IGNOREREGEX, FAILREGEX, MAXLINES, DATEPATTERN, JOURNALMATCH);

    private FilterReader() {}

    /**
     * Reads and resolves one filter.
     *
     * @param filterDir  the {@code filter.d} directory
     * @param filterName file name without {@code .conf}
     * @param options    parameters as in {@code filter = name[mode=aggressive]}, plus any jail-level overrides of
     *                   {@link #FILTER_OPTIONS} (those replace the filter's own value)
     * @throws ConfigException naming the file, line, section and key of any problem
     */
    public static FilterDefinition read(Path filterDir, String filterName, Map<String, String> options) {
        if (filterName.isBlank() || filterName.contains("/") || filterName.contains("\\")) {
            throw new ConfigException(
                    filterDir.toString(), null, null, "filter", "not a filter name: '" + filterName + "'");
        }
        if (!Files.isDirectory(filterDir)) {
            throw new ConfigException(filterDir.toString(), null, null, null, "filter directory does not exist");
        }
        return resolve(filterName, DefinitionFile.read(filterDir, filterName), options);
    }

    /**
     * Reads a filter given by its file (as {@code fail2ban-regex} and {@code fleetban regex} take it): that file,
     * its includes (resolved next to it, e.g. {@code common.conf}) and its {@code .local} sibling.
     * The name is the file name without its extension.
     *
     * @throws ConfigException naming the file, line, section and key of any problem
     */
    public static FilterDefinition readFile(Path filterFile, Map<String, String> options) {
        final String fileName = filterFile.getFileName().toString();
        final int dot = fileName.lastIndexOf('.');
        final String name = dot > 0 ? fileName.substring(0, dot) : fileName;
        return resolve(name, DefinitionFile.readFile(filterFile), options);
    }

    private static FilterDefinition resolve(String filterName, DefinitionFile def, Map<String, String> options) {
        final Map<String, String> resolved = def.resolve(FILTER_OPTIONS, Map.of(), options, false);
        return new FilterDefinition(
                filterName,
                def.file(),
                lines(resolved.get(FAILREGEX)),
                lines(resolved.get(IGNOREREGEX)),
                nonBlank(resolved.get(PREFREGEX)),
                nonBlank(resolved.get(DATEPATTERN)),
                maxLines(def, resolved.get(MAXLINES)),
                nonBlank(resolved.get(JOURNALMATCH)),
                parameters(def, resolved));
    }

    /** fail2ban sends one regex per line and skips empty lines. */
    private static List<String> lines(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static int maxLines(DefinitionFile def, String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            final int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            throw maxLinesError(def, value, e);
        }
        throw maxLinesError(def, value, null);
    }

    private static ConfigException maxLinesError(DefinitionFile def, String value, Exception cause) {
        final Optional<IniValue> origin = def.config().raw(DefinitionFile.DEFINITION, MAXLINES);
        return new ConfigException(
                origin.map(IniValue::fileName).orElse(def.file().toString()),
                origin.map(IniValue::lineOrNull).orElse(null),
                DefinitionFile.DEFINITION,
                MAXLINES,
                "expected a whole number >= 1, found '" + value + "'",
                cause);
    }

    /** The resolved parameters: all but the regex/date/journal options themselves and fail2ban's {@code known/} copies. */
    private static Map<String, String> parameters(DefinitionFile def, Map<String, String> resolved) {
        final Map<String, String> out = new LinkedHashMap<>();
        final Set<String> skip = new LinkedHashSet<>(FILTER_OPTIONS);
        skip.remove(USEDNS); // the engine needs it to decide whether <HOST> may be a hostname
        resolved.forEach((k, v) -> {
            if (!skip.contains(k) && !k.startsWith("known/")) {
                out.put(k, v);
            }
        });
        if (!out.containsKey(LOGTYPE)) {
            def.config().getEx(DefinitionFile.DEFINITION, LOGTYPE, Map.of()).ifPresent(v -> out.put(LOGTYPE, v));
        }
        return out;
    }
}
