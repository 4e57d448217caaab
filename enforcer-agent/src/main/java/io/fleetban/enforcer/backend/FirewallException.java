package io.fleetban.enforcer.backend;

/** A firewall tool failed or could not be run. Callers retry; they never ignore it. */
public final class FirewallException extends Exception {

    private static final long serialVersionUID = 1L;

    public FirewallException(String message) {
        super(message);
    }

    public FirewallException(String message, Throwable cause) {
        super(message, cause);
    }
}
