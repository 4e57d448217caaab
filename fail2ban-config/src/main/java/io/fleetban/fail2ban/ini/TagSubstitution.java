package io.fleetban.fail2ban.ini;

import io.fleetban.fail2ban.ConfigException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fail2ban's {@code <tag>} substitution ({@code helpers.substituteRecursiveTags}) over a set of options:
 * every {@code <name>} whose name is another option (or is found by the fallback lookup, e.g. any option of the
 * filter's [Definition], or {@code section/option}) is replaced by that option's value, repeatedly, so nested
 * forms such as {@code <mdre-<mode>>} resolve inside out ({@code <mode>} first, then {@code <mdre-normal>}).
 * Tags that name nothing ({@code <HOST>}, {@code <F-USER>}, {@code </F-USER>}) are left in place for the
 * filter engine. A tag replaced more than 10 times in one option, or an option referring to itself, is an error.
 */
public final class TagSubstitution {
    private static final Pattern TAG = Pattern.compile("<([^ <>]+)>");
    private static final int MAX_REPLACE_COUNT = 10;

    private TagSubstitution() {}

    /**
     * Substitutes tags in all values of {@code options}.
     *
     * @param options  option name to value, iteration order kept
     * @param ignore   option names neither substituted nor used as replacements
     * @param fallback lookup for tags that are not keys of {@code options}; returns null when unknown
     * @param where    describes the source (file) for error messages
     * @return a new map with the substituted values
     */
    public static Map<String, String> substitute(
            Map<String, String> options, Set<String> ignore, Function<String, String> fallback, String where) {
        final Map<String, String> tags = new LinkedHashMap<>(options);
        final Set<String> done = new HashSet<>();
        final Map<String, Map<String, Integer>> counts = new HashMap<>();
        boolean repeat = true;
        while (repeat) {
            repeat = false;
            for (String tag : List.copyOf(tags.keySet())) {
                if (ignore.contains(tag) || done.contains(tag)) {
                    continue;
                }
                final String original = tags.get(tag);
                final Map<String, Integer> replaced = counts.computeIfAbsent(tag, t -> new HashMap<>());
                final String value = substituteOne(tag, original, tags, ignore, fallback, replaced, where);
                if (!value.equals(original)) {
                    repeat |= TAG.matcher(value).find();
                    tags.put(tag, value);
                }
                if (value.indexOf('<') < 0) {
                    done.add(tag);
                }
            }
        }
        return tags;
    }

    private static String substituteOne(
            String tag,
            String start,
            Map<String, String> tags,
            Set<String> ignore,
            Function<String, String> fallback,
            Map<String, Integer> replaced,
            String where) {
        String value = start;
        final Matcher m = TAG.matcher(value);
        int from = 0;
        while (m.find(from)) {
            final String rtag = m.group(1);
            if (ignore.contains(rtag)) {
                from = m.end();
                continue;
            }
            if (rtag.equals(tag) || replaced.getOrDefault(rtag, 1) > MAX_REPLACE_COUNT) {
                throw new ConfigException(
                        where,
                        null,
                        null,
                        tag,
                        "<" + rtag + "> refers to itself and cannot be resolved, value: " + value);
            }
            String repl = tags.get(rtag);
            if (repl == null) {
                repl = fallback.apply(rtag);
            }
            if (repl == null) {
                from = m.end();
                continue;
            }
            final int at = m.start();
            value = value.replace("<" + rtag + ">", repl);
            replaced.merge(rtag, 1, Integer::sum);
            m.reset(value);
            from = at;
        }
        return value;
    }
}
