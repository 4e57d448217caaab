package io.fleetban.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * How the text of one fleetban.conf value becomes a typed value, and how the type reads in the docs.
 *
 * @param <T>      the parsed type
 * @param describe the type as the README names it, e.g. {@code duration 1ms..10s}
 * @param parser   parses stripped, non-blank text; throws IllegalArgumentException with a message that names the
 *                 offending text (the caller adds file, line, section and key)
 */
public record ValueType<T>(String describe, Function<String, T> parser) {

    public ValueType {
        Objects.requireNonNull(describe, "describe");
        Objects.requireNonNull(parser, "parser");
    }

    /** A type whose values are parsed by {@code parser}, the one parser of that kind of value. */
    public static <T> ValueType<T> of(String describe, Function<String, T> parser) {
        return new ValueType<>(describe, parser);
    }

    /** Parses stripped, non-blank text. */
    public T parse(String text) {
        return parser.apply(text);
    }
}
