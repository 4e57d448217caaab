package io.fleetban.fail2ban.ini;

import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A filter.d or action.d file family with {@code [Definition]} and {@code [Init]} sections, resolved the way
 * fail2ban's {@code DefinitionInitConfigReader} does:
 * <ol>
 *   <li>init options = the parameters the jail gave ({@code sshd[mode=aggressive]}); each {@code [Init]} option
 *       not given by the jail is added, and every {@code [Init]} option is also kept as {@code known/<name>};</li>
 *   <li>each wanted {@code [Definition]} option is read with {@code %(..)s} interpolation, the jail's options and
 *       parameters acting as variables, unless the jail already gives that option (then the jail's value wins);</li>
 *   <li>then {@code <tag>} substitution runs over all of them together ({@link TagSubstitution}), a tag that is no
 *       such option being looked up as any {@code [Definition]} option or {@code section/option}.</li>
 * </ol>
 */
public final class DefinitionFile {
    /** Section holding the definitions. */
    public static final String DEFINITION = "Definition";
    /** Section holding parameter defaults that a jail may override. */
    public static final String INIT = "Init";

    private static final Pattern CONDITIONAL = Pattern.compile("^(\\w+)(\\?.+)$");

    private final LayeredConfig cfg;
    private final Path file;

    private DefinitionFile(LayeredConfig cfg, Path file) {
        this.cfg = cfg;
        this.file = file;
    }

    /**
     * Reads {@code dir/name.conf} with its {@code .local}, {@code name.d/} and includes.
     *
     * @throws ConfigException if no file exists for {@code name}
     */
    public static DefinitionFile read(Path dir, String name) {
        return new DefinitionFile(LayeredConfig.readFamily(dir, name, Optional.empty()), dir.resolve(name + ".conf"));
    }

    /**
     * Reads exactly {@code file} with its includes and its {@code .local} sibling, as fail2ban-regex reads a filter
     * given by path ({@code readexplicit}); no {@code name.d/} directory is consulted.
     *
     * @throws ConfigException if the file does not exist or cannot be parsed
     */
    public static DefinitionFile readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), null, null, null, "no such file");
        }
        return new DefinitionFile(LayeredConfig.read(List.of(file)), file);
    }

    /** The main file ({@code name.conf}), for messages. */
    public Path file() {
        return file;
    }

    /** The merged configuration of this file family. */
    public LayeredConfig config() {
        return cfg;
    }

    /** True when {@code [Definition]} itself (not DEFAULT) sets this option (fail2ban's {@code has_option(.., False)}). */
    public boolean definesOwnOption(String option) {
        return cfg.options(DEFINITION, false).contains(option);
    }

    /**
     * Resolves options (fail2ban's {@code getOptions} followed by {@code getCombined}).
     *
     * @param wanted      {@code [Definition]} options to read (fail2ban's {@code _configOpts})
     * @param jailOptions options the jail already has; they override the definition and act as variables
     * @param parameters  the jail's parameters for this file ({@code name[...]}); they become init options
     * @param all         also return every other {@code [Definition]} option (fail2ban's {@code all=True})
     * @return the combined options after interpolation and tag substitution, including init options
     */
    public Map<String, String> resolve(
            Set<String> wanted, Map<String, String> jailOptions, Map<String, String> parameters, boolean all) {
        final Map<String, String> init = new LinkedHashMap<>(parameters);
        final Map<String, String> vars = new HashMap<>(jailOptions);
        vars.putAll(init);
        final Map<String, String> opts = new LinkedHashMap<>();
        for (String name : wanted) {
            if (!vars.containsKey(name)) {
                cfg.get(DEFINITION, name, vars).ifPresent(v -> opts.put(name, v));
            }
        }
        if (cfg.sectionExists(INIT)) {
            for (String opt : cfg.options(INIT, false)) {
                final String v = cfg.get(INIT, opt).orElseThrow();
                if (!opt.startsWith("known/")) {
                    init.put("known/" + opt, v);
                }
                init.putIfAbsent(opt, v);
            }
        }
        if (all && cfg.sectionExists(DEFINITION)) {
            for (String opt : cfg.options(DEFINITION, true)) {
                if (!opts.containsKey(opt)) {
                    cfg.get(DEFINITION, opt).ifPresent(v -> opts.put(opt, v));
                }
            }
        }
        final Map<String, String> combined = new LinkedHashMap<>(opts);
        combined.putAll(init);
        final Set<String> ignore = new HashSet<>();
        for (String n : combined.keySet()) {
            final Matcher cond = CONDITIONAL.matcher(n);
            if (cond.matches()) {
                ignore.add(cond.group(1));
            }
        }
        final Map<String, Optional<String>> cache = new HashMap<>();
        return TagSubstitution.substitute(
                combined,
                ignore,
                tag -> cache.computeIfAbsent(
                                tag,
                                t -> cfg.hasSection(DEFINITION) ? cfg.getEx(DEFINITION, t, vars) : Optional.empty())
                        .orElse(null),
                file.toString());
    }
}
