package io.fleetban.shipper.filter;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands fail2ban's regex tags ({@code <HOST>}, {@code <ADDR>}, {@code <F-USER>...</F-USER>} ...) into Python regex
 * text that matches exactly as fail2ban's {@code failregex.py} ({@code Regex._resolveHostTag}, {@code RH4TAG})
 * expansion does (the same text but for {@link #IP4}); the result is then translated by {@link PythonRegexTranslator}.
 *
 * <p>{@code <HOST>} expands to addresses or a host name (fail2ban's default {@code usedns = warn} form), so a line
 * that names a host is recognised; the engine never resolves it and reports it as a miss. With {@code usedns = no}
 * it expands to addresses only, exactly as fail2ban does.
 */
final class FailRegexTags {

    /**
     * fail2ban's {@code (?:\d{1,3}\.){3}\d{1,3}} written out: a fixed count of a group without captures matches the
     * same texts with the same backtracking as its repetitions in a row, but java.util.regex steps a counted
     * variable-length group through loop nodes that keep its count for every try, several calls more per digit
     * group than the plain sequence; {@code <HOST>} is matched on nearly every line that reaches a failregex.
     */
    static final String IP4 = "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}";

    static final String IP6 = "(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):)";
    static final String R_IP4 = "(?:::f{4,6}:)?(?P<ip4>" + IP4 + ")";
    static final String R_IP6 = "(?P<ip6>" + IP6 + ")";
    static final String R_DNS = "(?P<dns>[\\w\\-.^_]*\\w)";
    static final String R_ADDR = "\\[?(?:" + R_IP4 + "|" + R_IP6 + ")\\]?";
    static final String R_HOST = "(?:" + R_ADDR + "|" + R_DNS + ")";
    static final String R_CIDR = "(?P<cidr>\\d+)";
    static final String R_SUBNET = "\\[?(?:" + R_IP4 + "|" + R_IP6 + ")(?:/" + R_CIDR + ")?\\]?";

    private static final Map<String, String> STATIC_TAGS = Map.ofEntries(
            Map.entry("HOST", R_HOST),
            Map.entry("IP4", R_IP4),
            Map.entry("F-IP4/", R_IP4),
            Map.entry("IP6", R_IP6),
            Map.entry("F-IP6/", R_IP6),
            Map.entry("ADDR", R_ADDR),
            Map.entry("F-ADDR/", R_ADDR),
            Map.entry("CIDR", R_CIDR),
            Map.entry("F-CIDR/", R_CIDR),
            Map.entry("SUBNET", R_SUBNET),
            Map.entry("F-SUBNET/", R_SUBNET),
            Map.entry("DNS", R_DNS),
            Map.entry("F-DNS/", R_DNS),
            Map.entry("F-ID/", "(?P<fid>\\S+)"),
            Map.entry("F-PORT/", "(?P<fport>\\w+)"));

    /** fail2ban's FTAG_CRE and FCUSTNAME_CRE. */
    private static final Pattern TAG = Pattern.compile("</?[\\w\\-]+/?>");

    private static final Pattern CUSTOM_NAME = Pattern.compile("^(/?)F-([A-Z0-9_\\-]+)$");
    /** fail2ban maps these custom tag names to its default failure groups. */
    private static final Map<String, String> GROUP_ALIASES = Map.of("id", "fid", "port", "fport");

    private FailRegexTags() {}

    /** {@link #expand(String, boolean)} with host names allowed in {@code <HOST>} (fail2ban's default). */
    static String expand(String regex) {
        return expand(regex, true);
    }

    /**
     * Replaces every fail2ban tag in {@code regex}; unknown tags stay as they are (fail2ban leaves them too).
     *
     * @param hostNames whether {@code <HOST>} may capture a host name ({@code usedns} other than {@code no})
     */
    static String expand(String regex, boolean hostNames) {
        Set<String> openTags = new HashSet<>();
        int[] skipLines = {0};
        Matcher m = TAG.matcher(regex);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String tag = m.group();
            String replacement = tag.equals("<HOST>") && !hostNames ? R_ADDR : substitute(tag, openTags, skipLines);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String substitute(String tag, Set<String> openTags, int[] skipLines) {
        String name = tag.substring(1, tag.length() - 1);
        if (name.equals("SKIPLINES")) {
            return "\\n(?P<skiplines" + skipLines[0]++ + ">(?:(?:.*\\n)*?))";
        }
        String fixed = STATIC_TAGS.get(name);
        if (fixed != null) {
            return fixed;
        }
        Matcher custom = CUSTOM_NAME.matcher(name);
        if (!custom.matches()) {
            return tag;
        }
        String tagName = custom.group(2);
        if (!custom.group(1).isEmpty()) {
            return openTags.contains(tagName) ? ")" : tag;
        }
        openTags.add(tagName);
        return "(?P<" + groupName(tagName) + ">";
    }

    /** fail2ban's mapTag2Opt: {@code F-USER -> user}, {@code F-ID -> fid}. */
    static String groupName(String tagName) {
        String lower = tagName.toLowerCase(java.util.Locale.ROOT);
        return GROUP_ALIASES.getOrDefault(lower, lower);
    }
}
