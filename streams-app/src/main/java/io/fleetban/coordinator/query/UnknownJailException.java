package io.fleetban.coordinator.query;

/** A query named a jail that is not enabled: HTTP 404. */
public final class UnknownJailException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownJailException(String jail) {
        super("no enabled jail named '" + jail + "'");
    }
}
