package io.fleetban.enforcer.backend.command;

import java.util.Map;

/**
 * Fills run-time tags into command text that must run under {@code /bin/sh -c}, quoting each value for the place it
 * lands in: outside quotes as a single-quoted word ({@code '192.0.2.1'}), inside single quotes by closing and
 * reopening them around an escaped quote, inside double quotes with {@code $ ` " \} backslash-escaped. The values
 * are validated addresses, numbers and names already; the quoting is the second wall, so that even a value with
 * shell syntax could only ever be data. Quote state is tracked through the text as sh reads it; nested quotes
 * inside {@code $(...)} within double quotes are not tracked (a value there is still escaped for double quotes).
 */
final class ShellQuoting {

    private enum Quote {
        NONE,
        SINGLE,
        DOUBLE
    }

    private ShellQuoting() {}

    static String substitute(String script, Map<String, String> values) {
        final StringBuilder out = new StringBuilder(script.length() + 32);
        Quote quote = Quote.NONE;
        int i = 0;
        while (i < script.length()) {
            final char c = script.charAt(i);
            final String tag = c == '<' ? ShellWords.tagAt(script, i, values.keySet()) : null;
            if (tag != null) {
                out.append(quoted(values.get(tag), quote));
                i += tag.length() + 2;
                continue;
            }
            if (c == '\\' && quote != Quote.SINGLE && i + 1 < script.length()) {
                out.append(c).append(script.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '\'' && quote != Quote.DOUBLE) {
                quote = quote == Quote.SINGLE ? Quote.NONE : Quote.SINGLE;
            } else if (c == '"' && quote != Quote.SINGLE) {
                quote = quote == Quote.DOUBLE ? Quote.NONE : Quote.DOUBLE;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String quoted(String value, Quote quote) {
        return switch (quote) {
            case NONE -> "'" + value.replace("'", "'\\''") + "'";
            case SINGLE -> value.replace("'", "'\\''");
            case DOUBLE -> value.replaceAll("([$`\"\\\\])", "\\\\$1");
        };
    }
}
