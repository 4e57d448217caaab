package io.fleetban.cli;

/** A failure whose message says everything the operator needs; printed as one line, without a stack trace. */
final class UserFacingException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    UserFacingException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    UserFacingException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
