package io.fleetban.coordinator.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How much of the fleet's state an answer covers: a status or ban list summed over coordinator instances is whole
 * only if every instance answered. A partial answer says so instead of passing for the whole.
 *
 * @param instances  instances holding state, this one included
 * @param answered   instances whose share is in the answer
 * @param unanswered the instances that did not answer, with why
 */
@JsonIgnoreProperties(value = "partial", allowGetters = true)
public record Coverage(int instances, int answered, List<String> unanswered) {

    public Coverage {
        unanswered = unanswered == null ? List.of() : List.copyOf(unanswered);
    }

    /** This instance alone ({@code ?local=true}). */
    public static Coverage local() {
        return new Coverage(1, 1, List.of());
    }

    /** Whether some instance's share is missing; in the JSON too, so a reader need not compare the counts. */
    @JsonProperty("partial")
    public boolean partial() {
        return answered < instances;
    }

    /** {@code partial: 1 of 2 instances answered (...)}, or empty when whole. */
    @JsonIgnore
    public String describe() {
        return partial()
                ? "partial: " + answered + " of " + instances + " instances answered (" + String.join("; ", unanswered)
                        + ")"
                : "";
    }
}
