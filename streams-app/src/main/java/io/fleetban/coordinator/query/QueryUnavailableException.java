package io.fleetban.coordinator.query;

/** The answer cannot be complete right now (a rebalance moves state, an instance does not answer): HTTP 503. */
public final class QueryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
