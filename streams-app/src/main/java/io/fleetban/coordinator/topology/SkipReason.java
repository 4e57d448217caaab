package io.fleetban.coordinator.topology;

/** Why a processor skipped a record it read: bad input on a topic, never a reason to stop the coordinator. */
public enum SkipReason {
    NO_VALUE("record without a value"),
    UNKNOWN_JAIL("record for an unknown or disabled jail"),
    INVALID_IP("record with a missing or invalid IP"),
    UNKNOWN_ACTION("command with an unknown action");

    private final String description;

    SkipReason(String description) {
        this.description = description;
    }

    /** The log text. */
    public String description() {
        return description;
    }
}
