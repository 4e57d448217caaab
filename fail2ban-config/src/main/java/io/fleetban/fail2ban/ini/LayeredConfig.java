package io.fleetban.fail2ban.ini;

import io.fleetban.fail2ban.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Several INI files merged the way fail2ban merges them ({@code SafeConfigParserWithIncludes.read} and
 * {@code ConfigReaderUnshared.read}): files are read in order, each after its {@code [INCLUDES] before} and before
 * its {@code after}; {@code [DEFAULT]} options are visible in every section; a later file's options override an
 * earlier file's in the same section, and the overridden values stay reachable as {@code %(known/option)s}
 * (kept in a hidden section {@code KNOWN/<section>}). Conditional sections such as {@code [Init?family=inet6]}
 * are folded into their base section with the condition appended to each key, as fail2ban does.
 * Values are returned interpolated ({@link Interpolation}). Immutable: the {@code with...} methods return copies.
 */
public final class LayeredConfig {
    /** Prefix of the hidden sections that keep overridden values for {@code %(known/x)s}. */
    static final String KNOWN_PREFIX = "KNOWN/";

    private static final Pattern CONDITIONAL = Pattern.compile("^(\\w+)(\\?.+)$");

    private final Map<String, IniValue> defaults;
    private final Map<String, Map<String, IniValue>> sections;
    private final Map<String, IniValue> headers;
    private final List<Path> files;

    private LayeredConfig(
            Map<String, IniValue> defaults,
            Map<String, Map<String, IniValue>> sections,
            Map<String, IniValue> headers,
            List<Path> files) {
        this.defaults = defaults;
        this.sections = sections;
        this.headers = headers;
        this.files = files;
    }

    /** Reads {@code files} in order, each with its includes and {@code .local} sibling; missing files are skipped. */
    public static LayeredConfig read(List<Path> files) {
        return merge(new IncludeResolver(new HashMap<>()).expand(files));
    }

    /**
     * fail2ban's {@code ConfigReader.read(name)} under {@code dir}: {@code name.conf}, {@code name.d/*.conf} (sorted),
     * {@code name.local}, {@code name.d/*.local} (sorted), each with its includes. When {@code name.conf} does not
     * exist, {@code builtInBase} (if given) is read in its place.
     *
     * @throws ConfigException when none of these files exists
     */
    public static LayeredConfig readFamily(Path dir, String name, Optional<IniFile> builtInBase) {
        final Path conf = dir.resolve(name + ".conf");
        final Path dotD = dir.resolve(name + ".d");
        final List<Path> files = new ArrayList<>();
        files.add(conf);
        files.addAll(sortedIn(dotD, ".conf"));
        files.add(dir.resolve(name + ".local"));
        files.addAll(sortedIn(dotD, ".local"));
        final List<IniFile> parsed = new ArrayList<>(new IncludeResolver(new HashMap<>()).expand(files));
        if (parsed.isEmpty()) {
            throw new ConfigException(
                    conf.toString(),
                    null,
                    null,
                    null,
                    "no config file found for '" + name + "' (looked for .conf, .d/*.conf, .local, .d/*.local)");
        }
        if (!Files.isRegularFile(conf) && builtInBase.isPresent()) {
            parsed.add(0, builtInBase.get());
        }
        return merge(parsed);
    }

    private static List<Path> sortedIn(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(dir.toString(), null, null, null, "cannot list directory: " + e, e);
        }
    }

    /** Merges already parsed files in order (no include processing). */
    public static LayeredConfig merge(List<IniFile> inis) {
        final Map<String, IniValue> defaults = new LinkedHashMap<>();
        final Map<String, Map<String, IniValue>> sections = new LinkedHashMap<>();
        final Map<String, IniValue> headers = new LinkedHashMap<>();
        final List<Path> files = new ArrayList<>();
        for (IniFile ini : inis) {
            files.add(ini.file());
            for (String name : ini.sectionNames()) {
                headers.putIfAbsent(name, new IniValue(name, ini.file(), ini.sectionLine(name)));
                final Map<String, IniValue> opts = ini.values(name).orElseThrow();
                if (name.equals(IniFile.DEFAULT)) {
                    defaults.putAll(opts);
                } else {
                    mergeSection(sections, name, opts);
                }
            }
        }
        return new LayeredConfig(defaults, sections, headers, List.copyOf(files));
    }

    private static void mergeSection(
            Map<String, Map<String, IniValue>> sections, String name, Map<String, IniValue> opts) {
        String target = name;
        Map<String, IniValue> values = opts;
        final Matcher cond = CONDITIONAL.matcher(name);
        if (cond.matches()) {
            target = cond.group(1);
            values = new LinkedHashMap<>();
            for (Map.Entry<String, IniValue> e : opts.entrySet()) {
                values.put(e.getKey() + cond.group(2), e.getValue());
            }
        }
        final Map<String, IniValue> existing = sections.get(target);
        if (existing == null) {
            sections.put(target, new LinkedHashMap<>(values));
            return;
        }
        final Map<String, IniValue> known = sections.computeIfAbsent(KNOWN_PREFIX + target, k -> new LinkedHashMap<>());
        for (String key : values.keySet()) {
            if (existing.containsKey(key)) {
                known.put(key, existing.get(key));
            }
        }
        existing.putAll(values);
    }

    /** The files merged, in reading order (for diagnostics). */
    public List<Path> files() {
        return files;
    }

    /** Section names in first-seen order, without DEFAULT and without the hidden KNOWN/ sections. */
    public List<String> sections() {
        return sections.keySet().stream()
                .filter(s -> !s.startsWith(KNOWN_PREFIX))
                .toList();
    }

    /** True if the section exists (DEFAULT always does). */
    public boolean hasSection(String section) {
        return section.equals(IniFile.DEFAULT) || sections.containsKey(section);
    }

    /** Option names of a section: its own, plus DEFAULT's when {@code withDefaults}. */
    public Set<String> options(String section, boolean withDefaults) {
        final Set<String> out =
                new LinkedHashSet<>(sections.getOrDefault(section, Map.of()).keySet());
        if (withDefaults || section.equals(IniFile.DEFAULT)) {
            out.addAll(defaults.keySet());
        }
        return Collections.unmodifiableSet(out);
    }

    /** The raw value (section first, then DEFAULT), with its origin. */
    public Optional<IniValue> raw(String section, String option) {
        final String key = option.toLowerCase(Locale.ROOT);
        final IniValue own = sections.getOrDefault(section, Map.of()).get(key);
        return Optional.ofNullable(own != null ? own : defaults.get(key));
    }

    /** Where the section was first opened ({@code [name]} header): for errors about an option it lacks. */
    public Optional<IniValue> sectionOrigin(String section) {
        return Optional.ofNullable(headers.get(section));
    }

    /** Interpolated value of {@code option} in {@code section}, or empty if the section or option does not exist. */
    public Optional<String> get(String section, String option) {
        return get(section, option, Map.of());
    }

    /**
     * Interpolated value, Python's {@code ConfigParser.get(section, option, vars=vars)}: {@code vars} come first,
     * then the section, then DEFAULT, both for the option itself and for every {@code %(name)s} in it.
     *
     * @throws ConfigException on a missing reference or a reference loop, naming the value's file and line
     */
    public Optional<String> get(String section, String option, Map<String, String> vars) {
        if (!hasSection(section)) {
            return Optional.empty();
        }
        final String key = option.toLowerCase(Locale.ROOT);
        final Map<String, String> lowerVars = lowerKeys(vars);
        final Optional<IniValue> value =
                lowerVars.containsKey(key) ? Optional.of(IniValue.synthetic(lowerVars.get(key))) : raw(section, key);
        return value.map(v -> new Interpolation(this, section, key, v, lowerVars).run());
    }

    /**
     * fail2ban's {@code get_ex}: an option name may be {@code section/option} ({@code known/x} looks in the
     * overridden values first, then the section itself; {@code default/x} in DEFAULT); otherwise as {@link #get}.
     */
    public Optional<String> getEx(String section, String option, Map<String, String> vars) {
        final int slash = option.indexOf('/');
        if (slash > 0
                && option.substring(0, slash).matches("[\\w-]+")
                && option.substring(slash + 1).matches("[^\\s>]+")) {
            final String sec = option.substring(0, slash);
            final String opt = option.substring(slash + 1);
            final String lower = sec.toLowerCase(Locale.ROOT);
            final List<String> candidates = lower.equals("known")
                    ? List.of(KNOWN_PREFIX + section, section)
                    : List.of(lower.equals("default") ? IniFile.DEFAULT : sec);
            for (String c : candidates) {
                final Optional<String> v = get(c, opt);
                if (v.isPresent()) {
                    return v;
                }
            }
        }
        return get(section, option, vars);
    }

    /** A copy with these options added to DEFAULT (fail2ban's {@code merge_defaults}). */
    public LayeredConfig withDefaults(Map<String, String> options) {
        final Map<String, IniValue> d = new LinkedHashMap<>(defaults);
        options.forEach((k, v) -> d.put(k.toLowerCase(Locale.ROOT), IniValue.synthetic(v)));
        return new LayeredConfig(d, sections, headers, files);
    }

    /**
     * A copy with {@code options} merged into {@code section}, each key prefixed with {@code prefix}
     * (fail2ban's {@code merge_section}; the jail reader merges the filter's options as {@code known/...}).
     */
    public LayeredConfig withSectionOptions(String section, Map<String, String> options, String prefix) {
        final Map<String, Map<String, IniValue>> s = new LinkedHashMap<>(sections);
        final Map<String, IniValue> target = new LinkedHashMap<>(s.getOrDefault(section, Map.of()));
        options.forEach((k, v) -> {
            if (prefix.isEmpty() || !k.startsWith(prefix)) {
                target.put((prefix + k).toLowerCase(Locale.ROOT), IniValue.synthetic(v));
            }
        });
        s.put(section, target);
        return new LayeredConfig(defaults, s, headers, files);
    }

    /** Raw lookup used by {@link Interpolation}: the option in the section (or DEFAULT), no vars. */
    Optional<String> rawText(String section, String option) {
        return raw(section, option).map(IniValue::text);
    }

    /** Raw lookup in one section only (no DEFAULT fallback), for {@code %(section/option)s}. */
    Optional<String> rawOwn(String section, String option) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(option))
                .map(IniValue::text);
    }

    /** Raw lookup in DEFAULT only. */
    Optional<String> rawDefault(String option) {
        return Optional.ofNullable(defaults.get(option)).map(IniValue::text);
    }

    /** True when a section of that exact name exists (KNOWN/ sections included). */
    boolean sectionExists(String section) {
        return sections.containsKey(section);
    }

    private static Map<String, String> lowerKeys(Map<String, String> vars) {
        if (vars.isEmpty()) {
            return Map.of();
        }
        final Map<String, String> out = new HashMap<>();
        vars.forEach((k, v) -> {
            if (v != null) {
                out.put(k.toLowerCase(Locale.ROOT), v);
            }
        });
        return out;
    }
}
