package io.fleetban.fail2ban.jail;

import io.fleetban.config.ConfigKey;
import io.fleetban.config.SectionValues;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.action.ActionDefinition;
import io.fleetban.fail2ban.action.ActionReader;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.ini.DefinitionFile;
import io.fleetban.fail2ban.ini.IniValue;
import io.fleetban.fail2ban.ini.LayeredConfig;
import io.fleetban.fail2ban.ini.NameWithOptions;
import io.fleetban.fail2ban.value.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves one jail section, following fail2ban's {@code JailReader.getOptions}:
 * <ol>
 *   <li>read {@code enabled}, {@code backend} and {@code filter}; a disabled jail is not read further;</li>
 *   <li>read the filter with the parameters of {@code filter = name[...]} and {@code logtype} set from the backend
 *       (journal for systemd, else file), and merge its resolved options into the jail as {@code known/<option>},
 *       so the jail may write {@code failregex = %(known/failregex)s ...};</li>
 *   <li>read the jail's own options (maxretry, findtime, bantime, port, protocol, ignoreip, logpath, action, and
 *       the filter options a jail may override) and type them;</li>
 *   <li>take {@code blocktype} from the first ban action that has one (action parameter, else the action's
 *       {@code [Init]} in {@code action.d}); "REJECT" when none does.</li>
 * </ol>
 * Differences from fail2ban, on purpose: bad booleans, numbers and times are errors (fail2ban logs and falls
 * back to a default); a hostname in ignoreip is an error (fail2ban resolves it); log paths are not globbed.
 */
final class JailReader {
    /** fail2ban's server defaults when no config file sets a value (jail.conf normally does). */
    private static final int SERVER_DEFAULT_MAXRETRY = 3;

    private static final Duration SERVER_DEFAULT_TIME = Duration.ofMinutes(10);
    private static final String DEFAULT_BLOCKTYPE = "REJECT";
    private static final String MULTIPLIERS_EXPECTED = "expected positive integers separated by blanks, found '";
    private static final Pattern VALID_NAME = Pattern.compile("[^/\\s]+");
    /** Jail options handed to the filter when the jail sets them (fail2ban passes these through too). */
    private static final List<String> JAIL_FILTER_OPTIONS = List.of(
            FilterReader.FAILREGEX,
            FilterReader.IGNOREREGEX,
            FilterReader.PREFREGEX,
            FilterReader.MAXLINES,
            FilterReader.DATEPATTERN,
            FilterReader.JOURNALMATCH,
            FilterReader.USEDNS,
            "logtimezone",
            "logencoding");

    private final LayeredConfig base;
    private final Path dir;
    private final Map<String, Integer> services;

    JailReader(LayeredConfig base, Path dir, Map<String, Integer> services) {
        this.base = base;
        this.dir = dir;
        this.services = services;
    }

    /** The resolved jail, or empty when it is not enabled. */
    Optional<JailDefinition> read(String jail) {
        final boolean enabled = bool(base, jail, "enabled", false);
        if (!enabled) {
            return Optional.empty();
        }
        if (!VALID_NAME.matcher(jail).matches()) {
            // fleetban keys active bans as "<jail>/<ip>" (the ip may be a CIDR): a '/' in the name would be ambiguous.
            throw error(base, jail, null, "jail name must not contain '/' or blanks");
        }
        final String backend = base.get(jail, "backend").orElse("auto").strip();
        final String filterSpec = base.get(jail, "filter").orElse("").strip();
        if (filterSpec.isEmpty()) {
            throw error(base, jail, "filter", "an enabled jail needs a filter (filter = name or name[option=value])");
        }
        final NameWithOptions filter = parse(base, jail, "filter", filterSpec, NameWithOptions::parse);
        final Map<String, String> filterParams = new LinkedHashMap<>(filter.options());
        final LayeredConfig cfg = withFilterAsKnown(jail, backend, filterSpec, filter.name(), filterParams);
        for (String key : JAIL_FILTER_OPTIONS) {
            cfg.get(jail, key).ifPresent(v -> filterParams.put(key, v));
        }
        return Optional.of(new JailDefinition(
                jail,
                true,
                filter.name(),
                filterParams,
                logPaths(cfg, jail, backend),
                backend,
                policy(cfg, jail),
                ports(cfg, jail),
                cfg.get(jail, "protocol")
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .orElse("tcp"),
                parse(cfg, jail, "ignoreip", cfg.get(jail, "ignoreip").orElse(""), IgnoreIpList::parse),
                blocktype(cfg, jail)));
    }

    /**
     * Reads the jail's filter, sets {@code logtype} in {@code filterParams} from the backend (unless the jail or the
     * filter's own [Definition] sets it) and returns the configuration with the filter's resolved options merged
     * into the jail section as {@code known/<option>} (fail2ban's second pass reads the jail with them).
     */
    private LayeredConfig withFilterAsKnown(
            String jail, String backend, String filterSpec, String filterName, Map<String, String> filterParams) {
        final DefinitionFile filterFile = readFilterFile(jail, filterName);
        if (!filterParams.containsKey(FilterReader.LOGTYPE) && !filterFile.definesOwnOption(FilterReader.LOGTYPE)) {
            filterParams.put(FilterReader.LOGTYPE, backend.startsWith("systemd") ? "journal" : "file");
        }
        final Map<String, String> firstPass = Map.of("enabled", "true", "backend", backend, "filter", filterSpec);
        final Map<String, String> filterOpts =
                filterFile.resolve(FilterReader.FILTER_OPTIONS, firstPass, filterParams, true);
        return base.withSectionOptions(jail, filterOpts, "known/");
    }

    private DefinitionFile readFilterFile(String jail, String name) {
        final Path filterDir = dir.resolve("filter.d");
        if (name.contains("/") || name.contains("\\")) {
            throw error(base, jail, "filter", "not a filter name: '" + name + "'");
        }
        if (!Files.isDirectory(filterDir)) {
            throw error(base, jail, "filter", "cannot read filter '" + name + "': no directory " + filterDir);
        }
        try {
            return DefinitionFile.read(filterDir, name);
        } catch (ConfigException e) {
            if (e.section() == null && e.line() == null) {
                throw error(base, jail, "filter", "cannot read filter '" + name + "': " + e.getMessage());
            }
            throw e;
        }
    }

    private static JailPolicy policy(LayeredConfig cfg, String jail) {
        final int maxRetry = cfg.get(jail, "maxretry")
                .map(v -> parse(cfg, jail, "maxretry", v, s -> Integer.parseInt(s.strip())))
                .orElse(SERVER_DEFAULT_MAXRETRY);
        final Duration findTime = time(cfg, jail, "findtime");
        final Duration banTime = time(cfg, jail, "bantime");
        final BanTimeIncrement increment = increment(cfg, jail);
        final FleetPolicy fleet = fleet(cfg, jail);
        // A maxretry below 1 is reported against maxretry by the JailPolicy check below.
        if (maxRetry >= 1 && fleet.minHosts() > maxRetry) {
            throw error(
                    cfg,
                    jail,
                    "fleet.minhosts",
                    "must not exceed maxretry (" + maxRetry + "): only the newest "
                            + "maxretry failures are counted, found " + fleet.minHosts());
        }
        return parse(cfg, jail, "maxretry", "", s -> new JailPolicy(maxRetry, findTime, banTime, increment, fleet));
    }

    /**
     * fleetban's own {@code fleet.*} keys ({@link FleetPolicy#DEFINITION}), after interpolation; each error names the
     * key that holds the value, at its line.
     */
    private static FleetPolicy fleet(LayeredConfig cfg, String jail) {
        final Map<String, IniValue> given = new LinkedHashMap<>();
        for (ConfigKey key : FleetPolicy.DEFINITION.keys()) {
            cfg.get(jail, key.name()).ifPresent(text -> {
                final Optional<IniValue> raw = cfg.raw(jail, key.name()).filter(v -> v.file() != null);
                given.put(
                        key.name(),
                        new IniValue(
                                text,
                                raw.map(IniValue::file).orElse(null),
                                raw.map(IniValue::line).orElse(0)));
            });
        }
        final String source = cfg.sectionOrigin(jail).map(IniValue::fileName).orElse(null);
        final SectionValues values = FleetPolicy.DEFINITION.named(jail).parse(source, given, null, Map.of());
        final Optional<PrefixEscalation> escalation = values.<Integer>optional(FleetPolicy.ESCALATE_AFTER)
                .map(after -> new PrefixEscalation(
                        after,
                        values.integer(FleetPolicy.ESCALATE_IPV4_PREFIX),
                        values.integer(FleetPolicy.ESCALATE_IPV6_PREFIX),
                        values.optional(FleetPolicy.ESCALATE_BANTIME)));
        return new FleetPolicy(
                values.integer(FleetPolicy.MIN_HOSTS),
                values.<Integer>optional(FleetPolicy.MAX_RETRY_PER_HOST)
                        .map(OptionalInt::of)
                        .orElse(OptionalInt.empty()),
                values.integer(FleetPolicy.IPV6_PREFIX),
                values.optional(FleetPolicy.MAX_BANS_RATE),
                escalation);
    }

    /**
     * The {@code bantime.*} keys, read like fail2ban's jailreader (they are parsed, and so checked, even when
     * {@code bantime.increment} is off). Each error names the key that holds the bad value.
     */
    private static BanTimeIncrement increment(LayeredConfig cfg, String jail) {
        final boolean enabled = bool(cfg, jail, "bantime.increment", false);
        final double factor = cfg.get(jail, "bantime.factor")
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(v -> parse(cfg, jail, "bantime.factor", v, JailReader::positiveNumber))
                .orElse(1.0);
        cfg.get(jail, "bantime.formula")
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .ifPresent(formula -> {
                    if (!BanTimeIncrement.isDefaultFormula(formula)) {
                        throw error(
                                cfg,
                                jail,
                                "bantime.formula",
                                "fleetban does not evaluate Python formulas; only fail2ban's "
                                        + "default '" + BanTimeIncrement.DEFAULT_FORMULA
                                        + "' is supported (or use bantime.factor "
                                        + "and bantime.multipliers), found '" + formula + "'");
                    }
                });
        final List<Integer> multipliers = parse(
                cfg,
                jail,
                "bantime.multipliers",
                cfg.get(jail, "bantime.multipliers").orElse(""),
                JailReader::multipliers);
        final Optional<Duration> maxTime = positiveTime(cfg, jail, "bantime.maxtime");
        final Optional<Duration> rndTime = positiveTime(cfg, jail, "bantime.rndtime");
        final boolean overall = bool(cfg, jail, "bantime.overalljails", false);
        // Every value was checked against its own key above; the record's checks cannot fail here.
        return new BanTimeIncrement(enabled, factor, multipliers, maxTime, rndTime, overall);
    }

    private static Optional<Duration> positiveTime(LayeredConfig cfg, String jail, String key) {
        final Optional<Duration> time = cfg.get(jail, key)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(v -> parse(cfg, jail, key, v, Durations::parse));
        if (time.isPresent() && (time.get().isNegative() || time.get().isZero())) {
            throw error(
                    cfg,
                    jail,
                    key,
                    "must be a positive time, found '" + cfg.get(jail, key).orElse("") + "'");
        }
        return time;
    }

    /** fail2ban evaluates the factor as Python; fleetban accepts a plain positive number. */
    private static double positiveNumber(String text) {
        final double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a positive number, found '" + text + "'", e);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("expected a positive number, found '" + text + "'");
        }
        return value;
    }

    /** fail2ban's {@code bantime.multipliers}: positive integers separated by blanks. */
    private static List<Integer> multipliers(String text) {
        final List<Integer> values = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            final int value;
            try {
                value = Integer.parseInt(word);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MULTIPLIERS_EXPECTED + word + "'", e);
            }
            if (value < 1) {
                throw new IllegalArgumentException(MULTIPLIERS_EXPECTED + word + "'");
            }
            values.add(value);
        }
        return values;
    }

    private static Duration time(LayeredConfig cfg, String jail, String key) {
        return cfg.get(jail, key)
                .map(v -> parse(cfg, jail, key, v, Durations::parse))
                .orElse(SERVER_DEFAULT_TIME);
    }

    private List<PortRange> ports(LayeredConfig cfg, String jail) {
        final Optional<String> port = cfg.get(jail, "port").map(String::strip).filter(s -> !s.isEmpty());
        if (port.isEmpty()) {
            return List.of();
        }
        final List<PortRange> ranges = parse(cfg, jail, "port", port.get(), s -> PortRange.parseList(s, services));
        // One spelling of "every port" for the enforcer: fail2ban's default 0:65535 becomes the empty list.
        return ranges.stream().anyMatch(PortRange::isAllPorts) ? List.of() : ranges;
    }

    /** logpath lines; fail2ban's optional " head"/" tail" suffix is dropped; systemd jails read no files. */
    private static List<String> logPaths(LayeredConfig cfg, String jail, String backend) {
        if (backend.startsWith("systemd")) {
            return List.of();
        }
        final List<String> paths = new ArrayList<>();
        for (String line : cfg.get(jail, "logpath").orElse("").split("\n")) {
            final String p = line.strip().replaceFirst("\\s+(head|tail)$", "");
            if (!p.isEmpty()) {
                paths.add(p);
            }
        }
        if (paths.isEmpty()) {
            throw error(cfg, jail, "logpath", "an enabled jail with backend '" + backend + "' needs a logpath");
        }
        return paths;
    }

    private String blocktype(LayeredConfig cfg, String jail) {
        final Map<String, String> jailOptions = new LinkedHashMap<>();
        for (String key : List.of("port", "protocol", "chain", "name", "logpath", "bantime")) {
            cfg.get(jail, key).ifPresent(v -> jailOptions.put(key, v));
        }
        for (String entry : NameWithOptions.splitList(cfg.get(jail, "action").orElse(""))) {
            final NameWithOptions action = parse(cfg, jail, "action", entry, NameWithOptions::parse);
            final String given = action.options().get(ActionReader.BLOCKTYPE);
            if (given != null && !given.isBlank()) {
                return given.strip();
            }
            if (!action.name().endsWith(".py")) {
                final Optional<String> fromFile = ActionReader.read(
                                dir.resolve("action.d"), action.name(), action.options(), jailOptions)
                        .flatMap(ActionDefinition::blocktype);
                if (fromFile.isPresent()) {
                    return fromFile.get();
                }
            }
        }
        return DEFAULT_BLOCKTYPE;
    }

    /** Python's {@code getboolean}: 1/yes/true/on and 0/no/false/off, any case. */
    private static boolean bool(LayeredConfig cfg, String jail, String key, boolean dflt) {
        final Optional<String> v = cfg.get(jail, key);
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get().strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            case "0", "no", "false", "off" -> false;
            default ->
                throw error(cfg, jail, key, "expected true/false (yes/no, on/off, 1/0), found '" + v.get() + "'");
        };
    }

    private static <T> T parse(LayeredConfig cfg, String jail, String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(cfg, jail, key, e.getMessage());
        }
    }

    /**
     * An error at the line that set {@code key} for this jail (its own section, or DEFAULT), or at the jail's
     * section header when the key is not set at all.
     */
    private static ConfigException error(LayeredConfig cfg, String jail, String key, String message) {
        final Optional<IniValue> origin = Optional.ofNullable(key)
                .flatMap(k -> cfg.raw(jail, k))
                .filter(v -> v.file() != null)
                .or(() -> cfg.sectionOrigin(jail));
        return new ConfigException(
                origin.map(IniValue::fileName).orElse(null),
                origin.map(IniValue::lineOrNull).orElse(null),
                jail,
                key,
                message);
    }
}
