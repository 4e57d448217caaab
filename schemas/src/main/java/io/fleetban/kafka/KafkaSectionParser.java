package io.fleetban.kafka;

import static io.fleetban.kafka.KafkaSettings.BOOTSTRAP_SERVERS;
import static io.fleetban.kafka.KafkaSettings.DECISION_PARTITIONS;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_CREDENTIALS_SOURCE;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_KEY_PREFIX;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_URL;
import static io.fleetban.kafka.KafkaSettings.SCHEMA_REGISTRY_USER_INFO;
import static io.fleetban.kafka.KafkaSettings.TOPIC_PARTITIONS;
import static io.fleetban.kafka.KafkaSettings.TOPIC_PREFIX;
import static io.fleetban.kafka.KafkaSettings.TOPIC_REPLICATION_FACTOR;

import io.fleetban.config.SectionValues;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.ini.IniValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the {@code [kafka]} section, with one agent's {@code [<agent>.kafka]} section over it, into
 * {@link KafkaSettings} by {@link KafkaSettings#DEFINITION}, then checks what spans keys; every error names the
 * source, the section the key came from, and the key.
 */
final class KafkaSectionParser {

    /** Kafka's own rule for topic names: legal characters, at most 249 of them. */
    private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");

    private static final int MAX_TOPIC_NAME = 249;
    /** Our longest topic suffix; the prefix must leave room for it. */
    private static final String LONGEST_TOPIC = "active-bans";

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^\\s:,\\[\\]]+):(\\d{1,5})");

    private final Map<String, IniValue> section;
    private final Map<String, IniValue> agentSection;
    private final String agentSectionName;
    private final String sourceName;
    private SectionValues values;

    /**
     * @param agentSection     the agent's own section: a key there replaces the same key of {@code [kafka]}, a key
     *                         with a blank value stands for its default, so it removes a pass-through key (e.g.
     *                         {@code sasl.jaas.config =} for an agent that authenticates with a certificate instead)
     * @param agentSectionName its name, e.g. {@code shipper.kafka}; null when there is none
     */
    KafkaSectionParser(
            Map<String, IniValue> kafkaSection,
            Map<String, IniValue> agentSection,
            String agentSectionName,
            String sourceName) {
        this.section = kafkaSection;
        this.agentSection = agentSection;
        this.agentSectionName = agentSectionName;
        this.sourceName = sourceName;
    }

    /** Values handed over as text, without lines (tests, the demo, {@code fleetban check}'s first look). */
    static Map<String, IniValue> synthetic(Map<String, String> texts) {
        Map<String, IniValue> out = new LinkedHashMap<>();
        texts.forEach((key, text) -> out.put(key, IniValue.synthetic(text == null ? "" : text)));
        return out;
    }

    KafkaSettings parse() {
        try {
            values = KafkaSettings.DEFINITION.parse(sourceName, section, agentSectionName, agentSection);
        } catch (ConfigException e) {
            throw new KafkaKeyException(e.getMessage(), e.section(), e.key());
        }
        Optional<URI> registry = values.optional(SCHEMA_REGISTRY_URL);
        Map<String, String> overrides = overrides();
        checkRegistryKeys(overrides, registry.isPresent());
        return new KafkaSettings(
                values.get(BOOTSTRAP_SERVERS),
                values.get(TOPIC_PREFIX),
                registry,
                values.integer(TOPIC_PARTITIONS),
                values.integer(DECISION_PARTITIONS),
                (short) values.integer(TOPIC_REPLICATION_FACTOR),
                overrides);
    }

    /** The {@value KafkaSettings#BOOTSTRAP_SERVERS} type: {@code host:port[,host:port...]}. */
    static String bootstrapServers(String value) {
        for (String server : value.split(",", -1)) {
            var matcher = HOST_PORT.matcher(server.trim());
            if (!matcher.matches()
                    || Integer.parseInt(matcher.group(2)) < 1
                    || Integer.parseInt(matcher.group(2)) > 65535) {
                throw new IllegalArgumentException("'" + server.trim() + "' is not host:port");
            }
        }
        return value;
    }

    /** The {@value KafkaSettings#TOPIC_PREFIX} type: legal in a topic name, leaving room for our longest topic. */
    static String topicPrefix(String prefix) {
        if (!TOPIC_CHARS.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "'" + prefix + "' may contain only ASCII letters, digits, '.', '_' and '-'");
        }
        if (prefix.length() + LONGEST_TOPIC.length() > MAX_TOPIC_NAME) {
            throw new IllegalArgumentException(
                    "is too long: topic names may have at most " + MAX_TOPIC_NAME + " characters");
        }
        return prefix;
    }

    /** The {@value KafkaSettings#SCHEMA_REGISTRY_URL} type: an http(s) URL with a host and without credentials. */
    static URI registryUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason(), e);
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' must be an http:// or https:// URL with a host");
        }
        if (url.getUserInfo() != null) {
            // Credentials in a URL end up in logs and error messages; keep them in one key we never print.
            throw new IllegalArgumentException("must not contain credentials; use " + SCHEMA_REGISTRY_USER_INFO);
        }
        return url;
    }

    /** A whole number in {@code 1..max}. */
    static int positiveInt(String text, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number between 1 and " + max, e);
        }
        throw new IllegalArgumentException("'" + text + "' must be between 1 and " + max);
    }

    /** The pass-through keys, and the registry credentials the registry client reads from among them. */
    private Map<String, String> overrides() {
        Map<String, String> overrides = new TreeMap<>(values.passedThrough());
        values.<String>optional(SCHEMA_REGISTRY_USER_INFO)
                .ifPresent(info -> overrides.put(SCHEMA_REGISTRY_USER_INFO, info));
        values.<String>optional(SCHEMA_REGISTRY_CREDENTIALS_SOURCE)
                .ifPresent(source -> overrides.put(SCHEMA_REGISTRY_CREDENTIALS_SOURCE, source));
        for (String key : values.passedThrough().keySet()) {
            if (KafkaSettings.RESERVED_KEYS.contains(key)) {
                throw problem(key, "is set by fleetban itself and cannot be overridden");
            }
        }
        return overrides;
    }

    private void checkRegistryKeys(Map<String, String> overrides, boolean registryConfigured) {
        for (String key : overrides.keySet()) {
            if (!key.startsWith(SCHEMA_REGISTRY_KEY_PREFIX)) {
                continue;
            }
            if (values.passedThrough().containsKey(key)) {
                throw problem(
                        key,
                        "unknown schema registry key (known: [" + SCHEMA_REGISTRY_CREDENTIALS_SOURCE + ", "
                                + SCHEMA_REGISTRY_USER_INFO + ", " + SCHEMA_REGISTRY_URL + "])");
            }
            if (!registryConfigured) {
                throw problem(key, "is set but " + SCHEMA_REGISTRY_URL + " is not");
            }
        }
        values.<String>optional(SCHEMA_REGISTRY_CREDENTIALS_SOURCE)
                .filter(source -> !source.equals("USER_INFO"))
                .ifPresent(source -> {
                    throw problem(SCHEMA_REGISTRY_CREDENTIALS_SOURCE, "only USER_INFO is supported, not " + source);
                });
        values.<String>optional(SCHEMA_REGISTRY_USER_INFO)
                .filter(info -> info.indexOf(':') < 1)
                .ifPresent(info -> {
                    throw problem(SCHEMA_REGISTRY_USER_INFO, "must be user:password");
                });
    }

    private IllegalArgumentException problem(String key, String message) {
        boolean overridden = agentSection.containsKey(key)
                || agentSection.keySet().stream().anyMatch(k -> k.strip().equals(key));
        String where = overridden ? agentSectionName : KafkaSettings.SECTION;
        return new KafkaKeyException(sourceName + ": [" + where + "] " + key + ": " + message, where, key);
    }
}
