package io.fleetban.config;

import java.util.Objects;

/**
 * One key of a fleetban.conf section.
 *
 * @param name         the key as written in the file
 * @param type         how its text is parsed
 * @param defaultValue what it is worth when unset or blank
 * @param doc          what it does, in the README's words (Markdown)
 * @param secret       true for credentials, which {@code config print} masks
 * @param fleetWide    true when every agent must agree on it, so an agent's override section may not set it
 */
public record ConfigKey(
        String name, ValueType<?> type, Default defaultValue, String doc, boolean secret, boolean fleetWide) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
    }
}
