package io.fleetban.coordinator;

import io.fleetban.fail2ban.jail.BanTimeIncrement;
import io.fleetban.fail2ban.jail.JailDefinition;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enabled jails the coordinator counts for, by name. Offenses and commands for any other jail are skipped
 * (fail2ban ignores jails that are not enabled).
 */
public final class JailRules {

    private final Map<String, JailRule> rules;

    private JailRules(Map<String, JailRule> rules) {
        this.rules = rules;
    }

    /** The enabled jails among fail2ban's jail definitions. */
    public static JailRules fromDefinitions(List<JailDefinition> definitions) {
        Map<String, JailRule> rules = new LinkedHashMap<>();
        for (JailDefinition definition : definitions) {
            if (definition.enabled()) {
                rules.put(
                        definition.name(), new JailRule(definition.name(), definition.policy(), definition.ignoreIp()));
            }
        }
        return new JailRules(Collections.unmodifiableMap(rules));
    }

    /** Exactly these jails (tests, the demo). */
    public static JailRules of(JailRule... jails) {
        Map<String, JailRule> rules = new LinkedHashMap<>();
        for (JailRule jail : jails) {
            rules.put(jail.name(), jail);
        }
        return new JailRules(Collections.unmodifiableMap(rules));
    }

    /** The rule of an enabled jail, empty for an unknown or disabled one. */
    public Optional<JailRule> find(String jail) {
        return Optional.ofNullable(rules.get(jail));
    }

    /**
     * How long an IP's ban count over all jails is kept after its last ban: the longest history retention of the
     * jails that use {@code bantime.overalljails}; zero when none does (then no overall count is kept at all).
     */
    public Duration overallHistoryRetention() {
        Duration longest = Duration.ZERO;
        for (JailRule rule : rules.values()) {
            BanTimeIncrement increment = rule.policy().banTimeIncrement();
            if (increment.enabled()
                    && increment.overallJails()
                    && increment.historyRetention().compareTo(longest) > 0) {
                longest = increment.historyRetention();
            }
        }
        return longest;
    }

    public Collection<JailRule> all() {
        return rules.values();
    }

    @Override
    public String toString() {
        return "JailRules" + rules.keySet();
    }
}
