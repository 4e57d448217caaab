package io.fleetban.enforcer.backend.command;

import java.util.Set;

/**
 * The fail2ban action commands the command backend runs, with the tags each may use: fail2ban runs
 * {@code actionstart}/{@code actionstop} once per jail (and family) with no address, {@code actionban}/{@code
 * actionunban} once per address.
 */
public enum ActionPhase {
    START("actionstart", ActionTags.JAIL_TAGS),
    STOP("actionstop", ActionTags.JAIL_TAGS),
    BAN("actionban", ActionTags.BAN_TAGS),
    UNBAN("actionunban", ActionTags.BAN_TAGS);

    private final String option;
    private final Set<String> tags;

    ActionPhase(String option, Set<String> tags) {
        this.option = option;
        this.tags = tags;
    }

    /** The {@code [Definition]} option holding this phase's command text. */
    public String option() {
        return option;
    }

    /** The run-time tags fleetban fills in for this phase; any other tag left in the text is a config error. */
    public Set<String> tags() {
        return tags;
    }
}
