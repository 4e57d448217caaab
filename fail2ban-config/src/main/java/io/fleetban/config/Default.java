package io.fleetban.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a key is worth when fleetban.conf does not set it, or sets it blank.
 *
 * @param text     for a literal default, its text as it would be written in the file (parsed like a written value)
 * @param shown    how the README and {@code config print} name the default
 * @param computed for a default taken from the host (its name, its time zone), how to find it; null otherwise
 * @param mandatory true when the key has no default and must be set
 */
public record Default(String text, String shown, Supplier<?> computed, boolean mandatory) {

    public Default {
        Objects.requireNonNull(shown, "shown");
    }

    /** A literal default, written as it would be in the file. */
    public static Default of(String text) {
        return new Default(Objects.requireNonNull(text, "text"), "`" + text + "`", null, false);
    }

    /** No value: the setting is off or absent (an empty Optional). */
    public static Default none() {
        return none("none");
    }

    /** No value, with what that means, e.g. {@code none (off)} or where a value is derived from instead. */
    public static Default none(String shown) {
        return new Default(null, shown, null, false);
    }

    /** A default found on the host when needed (never at class load), e.g. the host's name. */
    public static Default computed(String shown, Supplier<?> computed) {
        return new Default(null, shown, Objects.requireNonNull(computed, "computed"), false);
    }

    /** The key must be set. */
    public static Default required() {
        return new Default(null, "(required)", null, true);
    }
}
