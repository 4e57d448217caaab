package io.fleetban.client;

import java.util.List;

/**
 * How many coordinator instances' shares an answer holds; {@code fleetban client} prints a partial answer with a
 * {@code partial: ...} line and exits 1, never as if it were the whole fleet's.
 */
public record AnswerCoverage(int instances, int answered, List<String> unanswered) {

    static final AnswerCoverage WHOLE = new AnswerCoverage(1, 1, List.of());

    public AnswerCoverage {
        unanswered = unanswered == null ? List.of() : List.copyOf(unanswered);
    }

    public boolean partial() {
        return answered < instances;
    }

    /** {@code partial: 1 of 2 instances answered (...)}. */
    public String describe() {
        return "partial: " + answered + " of " + instances + " instances answered (" + String.join("; ", unanswered) + ")";
    }
}
