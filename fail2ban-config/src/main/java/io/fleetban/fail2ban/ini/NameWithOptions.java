package io.fleetban.fail2ban.ini;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A filter or action reference with parameters, as a jail writes it: {@code sshd[mode=aggressive]},
 * {@code iptables-multiport[name=ssh, port="22,2222", protocol=tcp]} (fail2ban's {@code extractOptions}).
 * Values may be double- or single-quoted (then they may contain ',' and ']'; backslash escapes are kept
 * as written), or bare (up to the next ',' or ']'); surrounding blanks are trimmed.
 *
 * @param name    the filter/action file name without {@code .conf}
 * @param options the parameters in written order
 */
public record NameWithOptions(String name, Map<String, String> options) {
    private static final Pattern WHOLE = Pattern.compile("^([^\\[]+)(?:\\[(.*)])?\\s*$", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile(
            "\\s*([\\w\\-.]+)=(?:\"((?:[^\"\\\\]|\\\\[\\s\\S])*)\"|'((?:[^'\\\\]|\\\\[\\s\\S])*)'|([^,\\]]*))"
                    + "(?:,|]\\s*\\[|$|(?<wrongA>.+))|,?\\s*$|(?<wrongB>.+)",
            Pattern.DOTALL);

    /** Validates the record. */
    public NameWithOptions {
        Objects.requireNonNull(name, "name");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses {@code name[opt=value, ...]}.
     *
     * @throws IllegalArgumentException describing the syntax error
     */
    public static NameWithOptions parse(String text) {
        final Matcher whole = WHOLE.matcher(text.strip());
        if (!whole.matches()) {
            throw new IllegalArgumentException("expected name[option=value, ...], found: " + text);
        }
        final String name = whole.group(1).strip();
        final Map<String, String> options = new LinkedHashMap<>();
        final String params = whole.group(2);
        if (params != null && !params.isEmpty()) {
            final Matcher m = OPTION.matcher(params);
            while (m.find()) {
                if (m.group("wrongA") != null || m.group("wrongB") != null) {
                    final String wrong = m.group("wrongA") != null ? m.group("wrongA") : m.group("wrongB");
                    throw new IllegalArgumentException("unexpected syntax in parameters of '" + name + "' at: "
                            + wrong.substring(0, Math.min(25, wrong.length())));
                }
                if (m.group(1) == null) {
                    continue;
                }
                final String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                options.put(m.group(1).strip(), value.strip());
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing name before '[': " + text);
        }
        return new NameWithOptions(name, options);
    }

    /**
     * Splits a multi-valued option (a jail's {@code action}) into its entries: entries are separated by blanks or
     * newlines that are outside brackets and quotes, except blanks just before a "[" (fail2ban's
     * {@code splitWithOptions}).
     */
    public static List<String> splitList(String text) {
        final List<String> out = new ArrayList<>();
        final StringBuilder cur = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (depth > 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && Character.isWhitespace(c) && !nextNonBlankIsBracket(text, i)) {
                addIfNotBlank(out, cur);
                continue;
            }
            cur.append(c);
        }
        addIfNotBlank(out, cur);
        return out;
    }

    /** fail2ban allows blanks between an action name and its "[": {@code name [opt=x]} is one entry. */
    private static boolean nextNonBlankIsBracket(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '[';
    }

    private static void addIfNotBlank(List<String> out, StringBuilder cur) {
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        cur.setLength(0);
    }
}
