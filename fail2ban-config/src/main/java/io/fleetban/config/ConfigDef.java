package io.fleetban.config;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.ini.IniValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The keys of one fleetban.conf section, declared once, and the one parse of that section into typed values
 * ({@link SectionValues}). The rules are the same for every section:
 * <ul>
 *   <li>a key the section does not define is refused (a misspelt key would otherwise be ignored and its default
 *       used); a retired key is refused with what replaced it;</li>
 *   <li>a blank value ({@code key =}) means the key's default, as if the line were absent; for a required key that
 *       is an error;</li>
 *   <li>a value is parsed by its key's {@link ValueType}; every error names file, line, section and key.</li>
 * </ul>
 * A section that passes unknown keys through (only {@code [kafka]}, whose other keys configure the Kafka clients)
 * keeps them as text. Immutable: each {@code define} returns a new definition.
 */
public final class ConfigDef {

    private final String section;
    private final Map<String, ConfigKey> keys;
    private final Map<String, Function<String, String>> retired;
    private final PassThrough passThrough;

    /**
     * Keys a section hands on unparsed, with how the README lists them.
     *
     * @param shown how the README names these keys, e.g. {@code security.protocol}, {@code sasl.*}
     * @param doc   what happens to them
     */
    public record PassThrough(String shown, String doc) {}

    private ConfigDef(
            String section,
            Map<String, ConfigKey> keys,
            Map<String, Function<String, String>> retired,
            PassThrough passThrough) {
        this.section = section;
        this.keys = Collections.unmodifiableMap(keys);
        this.retired = Collections.unmodifiableMap(retired);
        this.passThrough = passThrough;
    }

    /** A section without keys yet. */
    public static ConfigDef section(String name) {
        return new ConfigDef(Objects.requireNonNull(name, "name"), new LinkedHashMap<>(), new LinkedHashMap<>(), null);
    }

    /** This definition with one more key. */
    public ConfigDef define(String name, ValueType<?> type, Default defaultValue, String doc) {
        return with(new ConfigKey(name, type, defaultValue, doc, false, false));
    }

    /** This definition with one more key whose value is a credential, masked by {@code config print}. */
    public ConfigDef defineSecret(String name, ValueType<?> type, Default defaultValue, String doc) {
        return with(new ConfigKey(name, type, defaultValue, doc, true, false));
    }

    /** This definition with one more key every agent must agree on, refused in agents' override sections. */
    public ConfigDef defineFleetWide(String name, ValueType<?> type, Default defaultValue, String doc) {
        return with(new ConfigKey(name, type, defaultValue, doc, false, true));
    }

    /** This definition with one more key. */
    public ConfigDef with(ConfigKey key) {
        if (keys.containsKey(key.name())) {
            throw new IllegalArgumentException("[" + section + "] " + key.name() + " is defined twice");
        }
        final Map<String, ConfigKey> more = new LinkedHashMap<>(keys);
        more.put(key.name(), key);
        return new ConfigDef(section, more, new LinkedHashMap<>(retired), passThrough);
    }

    /** A key of earlier releases: refused with {@code message}, given the value found, saying what replaced it. */
    public ConfigDef retired(String name, Function<String, String> message) {
        final Map<String, Function<String, String>> more = new LinkedHashMap<>(retired);
        more.put(name, message);
        return new ConfigDef(section, new LinkedHashMap<>(keys), more, passThrough);
    }

    /** This section keeps keys it does not define, as text ({@link SectionValues#passedThrough()}). */
    public ConfigDef passThrough(String shown, String doc) {
        return new ConfigDef(
                section, new LinkedHashMap<>(keys), new LinkedHashMap<>(retired), new PassThrough(shown, doc));
    }

    /** The same keys for a section of another name: one definition for every fail2ban jail's own keys. */
    public ConfigDef named(String name) {
        return new ConfigDef(
                Objects.requireNonNull(name, "name"),
                new LinkedHashMap<>(keys),
                new LinkedHashMap<>(retired),
                passThrough);
    }

    /** The section's name in fleetban.conf. */
    public String name() {
        return section;
    }

    /** The defined keys, in definition order. */
    public List<ConfigKey> keys() {
        return List.copyOf(keys.values());
    }

    /** The defined key {@code name}. */
    public ConfigKey key(String name) {
        final ConfigKey key = keys.get(name);
        if (key == null) {
            throw new IllegalArgumentException("[" + section + "] defines no key " + name);
        }
        return key;
    }

    /** How unknown keys are handed on, if they are. */
    public Optional<PassThrough> passThroughKeys() {
        return Optional.ofNullable(passThrough);
    }

    /**
     * Parses this section of {@code ini}; an absent section is all defaults.
     *
     * @throws ConfigException naming file, line, section and key of the first mistake
     */
    public SectionValues parse(IniFile ini) {
        return parse(ini.file().toString(), ini.values(section).orElse(Map.of()), null, Map.of());
    }

    /**
     * Parses this section with an agent's override section over it: a key there replaces the same key here
     * (a blank value there stands for the key's default), and a fleet-wide key there is refused.
     *
     * @param source        the file (or other source) named in errors when a value has no file of its own
     * @param overrideName  the override section's name, e.g. {@code shipper.kafka}; null when there is none
     */
    public SectionValues parse(
            String source, Map<String, IniValue> values, String overrideName, Map<String, IniValue> overrides) {
        final Map<String, Raw> raw = new LinkedHashMap<>();
        values.forEach((key, value) -> raw.put(key.strip(), checked(source, section, key.strip(), value, false)));
        overrides.forEach((key, value) -> {
            final Raw over = checked(source, overrideName, key.strip(), value, true);
            final ConfigKey defined = keys.get(over.key());
            if (defined != null && defined.fleetWide()) {
                throw over.error("is the same for every agent: set it in [" + section + "] only");
            }
            raw.put(over.key(), over);
        });
        final Map<String, Object> parsed = new LinkedHashMap<>();
        final Map<String, Origin> origins = new LinkedHashMap<>();
        final Map<String, String> texts = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            final Raw given = raw.remove(key.name());
            if (given == null || given.text().isEmpty()) {
                parsed.put(key.name(), defaultValue(source, key, given));
                origins.put(key.name(), Origin.DEFAULT);
                texts.put(key.name(), key.defaultValue().text());
            } else {
                parsed.put(key.name(), given.parse(key.type()));
                origins.put(key.name(), given.origin());
                texts.put(key.name(), given.text());
            }
        }
        final Map<String, String> passed = new LinkedHashMap<>();
        final Map<String, Origin> passedOrigins = new LinkedHashMap<>();
        raw.values().stream().filter(r -> !r.text().isEmpty()).forEach(r -> {
            passed.put(r.key(), r.text());
            passedOrigins.put(r.key(), r.origin());
        });
        return new SectionValues(this, parsed, origins, texts, passed, passedOrigins);
    }

    private Raw checked(String source, String sectionName, String key, IniValue value, boolean override) {
        final Raw raw = new Raw(
                key,
                value.text() == null ? "" : value.text().strip(),
                value.file() == null ? source : value.file().toString(),
                value.line(),
                sectionName,
                override);
        if (retired.containsKey(key)) {
            throw raw.error(retired.get(key).apply(raw.text()));
        }
        if (!keys.containsKey(key) && passThrough == null) {
            throw raw.error("unknown key; known keys: " + String.join(", ", new TreeSet<>(keys.keySet())));
        }
        return raw;
    }

    private Object defaultValue(String source, ConfigKey key, Raw blank) {
        final Default def = key.defaultValue();
        final String file = blank == null ? source : blank.file();
        final Integer line = blank == null || blank.line() < 1 ? null : blank.line();
        final String where = blank == null ? section : blank.section();
        if (def.mandatory()) {
            throw new ConfigException(
                    file, line, where, key.name(), "is required (" + key.type().describe() + ")");
        }
        try {
            if (def.text() != null) {
                return key.type().parse(def.text());
            }
            return def.computed() == null ? null : def.computed().get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    file,
                    line,
                    where,
                    key.name(),
                    "not set, and its default " + def.shown() + " cannot be used: " + e.getMessage(),
                    e);
        }
    }

    /** One value as written, with where it was written. */
    private record Raw(String key, String text, String file, int line, String section, boolean override) {

        Object parse(ValueType<?> type) {
            try {
                return type.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, line > 0 ? line : null, section, key, e.getMessage(), e);
            }
        }

        Origin origin() {
            return new Origin(file, line, section, override);
        }

        ConfigException error(String message) {
            return new ConfigException(file, line > 0 ? line : null, section, key, message);
        }
    }
}
