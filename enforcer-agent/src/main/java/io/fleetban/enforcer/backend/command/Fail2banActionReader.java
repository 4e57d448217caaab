package io.fleetban.enforcer.backend.command;

import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.ini.DefinitionFile;
import io.fleetban.fail2ban.ini.LayeredConfig;
import io.fleetban.fail2ban.ini.NameWithOptions;
import io.fleetban.fail2ban.ini.TagSubstitution;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a fail2ban action for the command backend, the way fail2ban's {@code ActionReader} and
 * {@code Fail2banAction} resolve it: {@code [Init]} options (with the {@code [Init?family=inet6]} variant for IPv6),
 * overridden by the parameters written after the name ({@code iptables-multiport[blocktype=DROP]}), and the four
 * {@code [Definition]} commands with {@code %(..)s} interpolated and every static {@code <tag>} substituted. What
 * remains must be a run-time tag fleetban fills from validated values ({@link ActionTags}); any other tag
 * ({@code <matches>}, {@code <failures>} ...) makes the action unusable, reported at start.
 */
public final class Fail2banActionReader {

    private static final Pattern TAG = Pattern.compile("<([^ <>]+)>");
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private Fail2banActionReader() {}

    /**
     * @param actionDir fail2ban's {@code action.d}
     * @param reference {@code name} or {@code name[param=value, ...]}
     * @throws IllegalArgumentException for a malformed reference or a parameter fleetban sets itself
     * @throws ConfigException          for a missing action file or a command with a tag fleetban cannot fill
     */
    public static Fail2banAction read(Path actionDir, String reference) {
        final NameWithOptions ref = NameWithOptions.parse(reference.strip());
        if (!ACTION_NAME.matcher(ref.name()).matches()) {
            throw new IllegalArgumentException("not an action.d name: '" + ref.name() + "'");
        }
        for (String param : ref.options().keySet()) {
            if (ActionTags.BAN_TAGS.contains(param)) {
                throw new IllegalArgumentException(
                        "parameter '" + param + "' is set by fleetban from the jail and the ban");
            }
        }
        final DefinitionFile def = DefinitionFile.read(actionDir, ref.name());
        final Map<IpFamily, Map<ActionPhase, ActionCommand>> commands = new EnumMap<>(IpFamily.class);
        for (IpFamily family : IpFamily.values()) {
            final Map<String, String> resolved = TagSubstitution.substitute(
                    options(def.config(), ref.options(), family),
                    ActionTags.BAN_TAGS,
                    tag -> fallback(def.config(), tag, ref.options()),
                    def.file().toString());
            final Map<ActionPhase, ActionCommand> phases = new EnumMap<>(ActionPhase.class);
            for (ActionPhase phase : ActionPhase.values()) {
                final String text = resolved.getOrDefault(phase.option(), "");
                checkTags(def.file(), phase, text);
                phases.put(phase, ActionCommand.parse(text, phase.tags()));
            }
            commands.put(family, phases);
        }
        return new Fail2banAction(reference.strip(), def.file(), commands);
    }

    /**
     * fail2ban's {@code <br>} and {@code <sp>} (newline, space: {@code ADD_REPL_TAGS}), then the four commands,
     * then [Init] (the family's conditional values over the plain ones), then the parameters.
     */
    private static Map<String, String> options(LayeredConfig cfg, Map<String, String> params, IpFamily family) {
        final Map<String, String> options = new LinkedHashMap<>(Map.of("br", "\n", "sp", " "));
        for (ActionPhase phase : ActionPhase.values()) {
            cfg.get(DefinitionFile.DEFINITION, phase.option(), params).ifPresent(v -> options.put(phase.option(), v));
        }
        if (cfg.hasSection(DefinitionFile.INIT)) {
            final String condition = "?family=" + ActionTags.familyName(family);
            final Map<String, String> conditional = new LinkedHashMap<>();
            for (String opt : cfg.options(DefinitionFile.INIT, false)) {
                final String value = cfg.get(DefinitionFile.INIT, opt).orElseThrow();
                if (opt.endsWith(condition)) {
                    conditional.put(opt.substring(0, opt.length() - condition.length()), value);
                } else if (!opt.startsWith("known/") && !opt.contains("?")) {
                    options.put(opt, value);
                }
            }
            options.putAll(conditional);
        }
        // Parameters written with the action win over both, for both families (blocktype=DROP means DROP for IPv6 too).
        options.putAll(params);
        return options;
    }

    private static String fallback(LayeredConfig cfg, String tag, Map<String, String> params) {
        return cfg.hasSection(DefinitionFile.DEFINITION)
                ? cfg.getEx(DefinitionFile.DEFINITION, tag, params).orElse(null)
                : null;
    }

    private static void checkTags(Path file, ActionPhase phase, String text) {
        final Matcher m = TAG.matcher(text);
        while (m.find()) {
            if (!phase.tags().contains(m.group(1))) {
                throw new ConfigException(
                        file.toString(),
                        null,
                        DefinitionFile.DEFINITION,
                        phase.option(),
                        "<" + m.group(1) + "> cannot be filled in by fleetban's command backend; it fills "
                                + new TreeSet<>(phase.tags()) + " only");
            }
        }
    }
}
