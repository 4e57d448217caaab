package io.fleetban.coordinator.query;

import java.util.List;

/**
 * How much of the fleet's state an answer covers: a status or ban list summed over coordinator instances is whole
 * only if every instance answered. A partial answer says so instead of passing for the whole.
 *
 * @param instances  instances holding state, this one included
 * @param answered   instances whose share is in the answer
 * @param unanswered the instances that did not answer, with why
 */
public record Coverage(int instances, int answered, List<String> unanswered) {

    public Coverage {
        unanswered = List.copyOf(unanswered);
    }

    /** This instance alone ({@code ?local=true}). */
    public static Coverage local() {
        return new Coverage(1, 1, List.of());
    }

    /** Whether some instance's share is missing. */
    public boolean partial() {
        return answered < instances;
    }

    /** {@code partial: 1 of 2 instances answered (...)}, or empty when whole. */
    public String describe() {
        return partial() ? "partial: " + answered + " of " + instances + " instances answered (" + String.join("; ", unanswered) + ")" : "";
    }
}
