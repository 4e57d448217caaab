package io.fleetban.fail2ban.ini;

import io.fleetban.fail2ban.ConfigException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fail2ban's {@code %(name)s} interpolation (Python's {@code BasicInterpolation} as extended by fail2ban's
 * {@code BasicInterpolationWithName}) for one value:
 * <ul>
 *   <li>{@code %(name)s} is looked up in the vars, then the section being read, then DEFAULT, and the result is
 *       interpolated again in the context of that same section (so DEFAULT's {@code action_} sees the jail's port);</li>
 *   <li>{@code %(__name__)s} is the section name;</li>
 *   <li>{@code %(sec/opt)s} reads {@code opt} raw from section {@code sec}; {@code %(default/opt)s} from DEFAULT;
 *       {@code %(known/opt)s} the value {@code opt} had in this section before a later file overrode it
 *       (falling back to DEFAULT); these are mapped at every nesting level, as fail2ban does;</li>
 *   <li>{@code %%} is a literal '%'; any other '%' is an error;</li>
 *   <li>more than 10 nested levels (a value referring to itself) is an error.</li>
 * </ul>
 */
final class Interpolation {
    private static final int MAX_DEPTH = 10;
    private static final Pattern KEY = Pattern.compile("%\\(([^)]+)\\)s");
    private static final Pattern SECTION_OPTION = Pattern.compile("%\\(([\\w\\-]+/([^)]+))\\)s");

    private final LayeredConfig cfg;
    private final String section;
    private final String option;
    private final IniValue origin;
    private final Map<String, String> vars;

    Interpolation(LayeredConfig cfg, String section, String option, IniValue origin, Map<String, String> vars) {
        this.cfg = cfg;
        this.section = section;
        this.option = option;
        this.origin = origin;
        this.vars = vars;
    }

    String run() {
        final StringBuilder out = new StringBuilder();
        interpolate(origin.text(), Map.of(), 1, out);
        return out.toString();
    }

    private void interpolate(String text, Map<String, String> inherited, int depth, StringBuilder out) {
        if (depth > MAX_DEPTH) {
            throw error("%(..)s references nest deeper than " + MAX_DEPTH + " levels (a value referring to itself?)");
        }
        final Map<String, String> extras = new HashMap<>(inherited);
        extras.put("__name__", section);
        mapSectionOptions(text, extras);
        int pos = 0;
        while (pos < text.length()) {
            final int p = text.indexOf('%', pos);
            if (p < 0) {
                out.append(text, pos, text.length());
                return;
            }
            out.append(text, pos, p);
            final char c = p + 1 < text.length() ? text.charAt(p + 1) : '\0';
            if (c == '%') {
                out.append('%');
                pos = p + 2;
                continue;
            }
            final Matcher m = KEY.matcher(text).region(p, text.length());
            if (c != '(' || !m.lookingAt()) {
                throw error("'%' must be followed by '%' or '(name)s', found: " + text.substring(p));
            }
            final String name = m.group(1).toLowerCase(Locale.ROOT);
            final String value = lookup(name, extras)
                    .orElseThrow(() -> error("unknown reference %(" + m.group(1) + ")s: no such option in [" + section
                            + "] or [DEFAULT]"));
            if (value.indexOf('%') >= 0) {
                interpolate(value, extras, depth + 1, out);
            } else {
                out.append(value);
            }
            pos = m.end();
        }
    }

    private Optional<String> lookup(String name, Map<String, String> extras) {
        if (extras.containsKey(name)) {
            return Optional.of(extras.get(name));
        }
        if (vars.containsKey(name)) {
            return Optional.of(vars.get(name));
        }
        return cfg.rawText(section, name);
    }

    /** fail2ban's {@code _map_section_options}: resolve {@code %(sec/opt)s} names not otherwise defined. */
    private void mapSectionOptions(String text, Map<String, String> extras) {
        if (text.indexOf('/') < 0) {
            return;
        }
        final Matcher m = SECTION_OPTION.matcher(text);
        while (m.find()) {
            final String sopt = m.group(1).toLowerCase(Locale.ROOT);
            final String opt = m.group(2).toLowerCase(Locale.ROOT);
            if (extras.containsKey(sopt) || lookup(sopt, Map.of()).isPresent()) {
                continue;
            }
            final String sec =
                    m.group(1).substring(0, m.group(1).length() - m.group(2).length() - 1);
            final String lower = sec.toLowerCase(Locale.ROOT);
            Optional<String> v;
            if (lower.equals("default")) {
                v = Optional.empty();
            } else if (lower.equals("known")) {
                v = cfg.rawOwn(LayeredConfig.KNOWN_PREFIX + section, opt);
            } else if (!cfg.sectionExists(sec)) {
                continue;
            } else {
                v = cfg.rawOwn(sec, opt);
            }
            if (v.isEmpty()) {
                v = cfg.rawDefault(opt);
            }
            v.ifPresent(value -> extras.put(sopt, value));
        }
    }

    private ConfigException error(String message) {
        return new ConfigException(origin.fileName(), origin.lineOrNull(), section, option, message);
    }
}
