package io.fleetban.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One section of fleetban.conf after {@link ConfigDef#parse}: every defined key's typed value (null when the key
 * is unset and has no default), where it came from, and the keys the section passes through. Read once by the
 * section's reader into its immutable record; nothing deeper sees it.
 */
public final class SectionValues {

    private final ConfigDef definition;
    private final Map<String, Object> values;
    private final Map<String, Origin> origins;
    private final Map<String, String> texts;
    private final Map<String, String> passedThrough;
    private final Map<String, Origin> passedOrigins;

    /**
     * One printable line of the effective configuration.
     *
     * @param key    the key
     * @param text   its value as written (or its default's text, or the computed default); null when unset
     * @param origin where it came from
     * @param secret true for credentials
     * @param unset  for a key without a value, what that means ({@link Default#shown()}); null otherwise
     */
    public record Entry(String key, String text, Origin origin, boolean secret, String unset) {}

    SectionValues(
            ConfigDef definition,
            Map<String, Object> values,
            Map<String, Origin> origins,
            Map<String, String> texts,
            Map<String, String> passedThrough,
            Map<String, Origin> passedOrigins) {
        this.definition = definition;
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
        this.texts = Collections.unmodifiableMap(texts);
        this.passedThrough = Collections.unmodifiableMap(passedThrough);
        this.passedOrigins = Collections.unmodifiableMap(passedOrigins);
    }

    /** The section's name. */
    public String section() {
        return definition.name();
    }

    /** The typed value of a defined key; null when unset without a default (prefer {@link #optional}). */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        definition.key(key);
        return (T) values.get(key);
    }

    /** The typed value of a key that may be unset. */
    public <T> Optional<T> optional(String key) {
        return Optional.ofNullable(get(key));
    }

    /** A duration-typed key. */
    public Duration duration(String key) {
        return get(key);
    }

    /** An int-typed key. */
    public int integer(String key) {
        final Integer value = get(key);
        return value;
    }

    /** Where a defined key's value came from. */
    public Origin origin(String key) {
        definition.key(key);
        return origins.get(key);
    }

    /** True when the file (or an override section) set the key to a non-blank value. */
    public boolean isSet(String key) {
        return !origin(key).isDefault();
    }

    /** Keys the section does not define, when it passes them through: non-blank values in file order. */
    public Map<String, String> passedThrough() {
        return passedThrough;
    }

    /** Every key, defined ones first, with its text and origin: what {@code config print} shows. */
    public List<Entry> entries() {
        final List<Entry> out = new ArrayList<>();
        for (ConfigKey key : definition.keys()) {
            final String text = texts.get(key.name()) != null
                    ? texts.get(key.name())
                    : values.get(key.name()) == null ? null : shown(values.get(key.name()));
            out.add(new Entry(
                    key.name(),
                    text,
                    origins.get(key.name()),
                    key.secret(),
                    text == null ? key.defaultValue().shown() : null));
        }
        passedThrough.forEach((key, text) -> out.add(new Entry(key, text, passedOrigins.get(key), false, null)));
        return out;
    }

    private static String shown(Object value) {
        return value instanceof Optional<?> optional
                ? optional.map(String::valueOf).orElse(null)
                : String.valueOf(value);
    }
}
