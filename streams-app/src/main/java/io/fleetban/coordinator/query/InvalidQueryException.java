package io.fleetban.coordinator.query;

/** A query whose argument does not parse (an IP that is not one): HTTP 400. */
public final class InvalidQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
