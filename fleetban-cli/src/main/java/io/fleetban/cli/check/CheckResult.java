package io.fleetban.cli.check;

import java.util.Objects;

/**
 * One line of {@code fleetban check}: {@code ok <what>[: note]} or {@code FAIL <what>: why, and how to fix it}.
 *
 * @param ok     whether the check passed
 * @param what   what was checked (a jail, a topic, a tool)
 * @param detail for a failure, why and the fix; for a pass, an optional note (empty for none)
 */
public record CheckResult(boolean ok, String what, String detail) {

    public CheckResult {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(detail, "detail");
    }

    public static CheckResult ok(String what) {
        return new CheckResult(true, what, "");
    }

    public static CheckResult ok(String what, String note) {
        return new CheckResult(true, what, note);
    }

    public static CheckResult fail(String what, String whyAndFix) {
        return new CheckResult(false, what, whyAndFix);
    }

    /** The line as printed. */
    public String line() {
        return (ok ? "ok " : "FAIL ") + what + (detail.isEmpty() ? "" : ": " + detail);
    }
}
