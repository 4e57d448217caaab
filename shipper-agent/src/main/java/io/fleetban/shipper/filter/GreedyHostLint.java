package io.fleetban.shipper.filter;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * fail2ban's {@code RE_WRONG_GREED} rule (tests/samplestestcase.py): a greedy {@code .*} or {@code .+} before
 * {@code <HOST>} that is not hard-anchored at the end lets an attacker choose the banned address. With the seed's
 * {@code ^.* - IP: <HOST> - User-Agent:.*$}, a User-Agent containing {@code " - IP: 203.0.113.9 - User-Agent: x"}
 * makes the greedy {@code .*} run to the injected text, so 203.0.113.9 (an innocent host) is banned instead of the
 * sender. Safe forms anchor the host right after the removed date ({@code ^ - IP: <HOST> - User-Agent:}) or use a
 * precise, non-greedy prefix.
 */
public final class GreedyHostLint {

    private static final Pattern WRONG_GREED = Pattern.compile(
            "\\.[+*](?!\\?)[^$^]*" + Pattern.quote(FailRegexTags.R_HOST) + ".*(?:\\.[+*].*|[^$])$", Pattern.DOTALL);

    /** Where the warning sends the operator: a safe form of the seed filter. */
    public static final String SAFE_FORM_HINT = "anchor the host after the date, e.g. "
            + "'^ - IP: <HOST> - User-Agent:' for the seed filter (fail2ban removes the date first; see "
            + "examples/filter.d/fail-safe.conf), or use a "
            + "non-greedy .*? "
            + "with a precise expression after <HOST>";

    private GreedyHostLint() {}

    /**
     * Checks one raw failregex (with tags).
     *
     * @return a warning naming the regex, or empty when the regex is safe by this rule
     */
    public static Optional<String> check(String failRegex) {
        if (!WRONG_GREED.matcher(FailRegexTags.expand(failRegex)).find()) {
            return Optional.empty();
        }
        return Optional.of("failregex '" + failRegex + "' has a greedy catch-all (.* or .+) before <HOST> and is not "
                + "hard-anchored: a crafted log line can make it capture an attacker-chosen address; "
                + SAFE_FORM_HINT);
    }
}
