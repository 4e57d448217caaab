package io.fleetban.client;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.SectionValues;
import io.fleetban.config.ValueType;
import io.fleetban.config.ValueTypes;
import io.fleetban.coordinator.query.BearerToken;
import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.kafka.KafkaSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code fleetban client} needs: where to send commands (Kafka) and where to ask questions (the coordinator's
 * query API), from fleetban.conf and/or command-line overrides, resolved once.
 *
 * <p>fleetban.conf: {@code [client]} ({@link #DEFINITION}: where the query API is and how to trust and authenticate
 * to it, each falling back to what {@code [coordinator]} says), {@code [kafka]} with {@code [client.kafka]} over it,
 * {@code [fail2ban] config.dir} for the jails' log paths that {@code status} shows, and {@code [bans]} for the widest
 * network {@code banip} sends (the coordinator and the enforcers refuse wider ones anyway; defaults without a config).
 *
 * @param kafka          Kafka settings, empty when neither a config nor {@code --bootstrap-server} was given
 * @param coordinatorUrl the coordinator's query API
 * @param logPaths       each jail's log paths, for {@code status}'s "File list"
 * @param trustedCa      certificates trusted for an {@code https} coordinator; empty: the JDK's trust store
 * @param token          the bearer token sent with every query
 * @param banLimits      {@code [bans]}: the widest networks a ban may cover
 */
public record ClientSettings(
        Optional<KafkaSettings> kafka,
        URI coordinatorUrl,
        Map<String, List<String>> logPaths,
        Optional<Path> trustedCa,
        Optional<BearerToken> token,
        BanLimits banLimits) {

    public static final String DEFAULT_COORDINATOR = "http://127.0.0.1:7070";
    /** {@code [client.kafka]} overrides {@code [kafka]} for the client's own principal. */
    private static final String AGENT = "client";

    private static final String TOKEN_FILE = "http.auth.token.file";
    private static final String SECTION = "client";
    private static final String COORDINATOR_URL = "coordinator.url";
    private static final String TLS_CA = "http.tls.ca";

    /** The keys of {@code [client]}; each falls back to what {@code [coordinator]} says. */
    public static final ConfigDef DEFINITION = ConfigDef.section(SECTION)
            .define(
                    COORDINATOR_URL,
                    ValueType.of("URL", ClientSettings::url),
                    Default.none("from `[coordinator]`"
                            + " `http.advertised`, else `http.listen` (`https` when it has a TLS certificate), else `"
                            + DEFAULT_COORDINATOR + "`"),
                    "the query API `fleetban client` asks")
            .define(
                    TLS_CA,
                    ValueTypes.PATH,
                    Default.none("`[coordinator] http.tls.ca`, else its"
                            + " `http.tls.certificate`, else the JDK trust store"),
                    "certificates trusted for an `https`" + " coordinator")
            .define(
                    TOKEN_FILE,
                    ValueTypes.PATH,
                    Default.none("`[coordinator] http.auth.token.file`"),
                    "the bearer token sent with every query");

    public ClientSettings {
        logPaths = Map.copyOf(logPaths);
    }

    /** Reads {@code config} when given, then applies the overrides. */
    public static ClientSettings resolve(
            Optional<Path> config, Optional<String> bootstrapServers, Optional<URI> coordinator) {
        final Optional<IniFile> ini = config.map(IniFile::read);
        final Optional<SectionValues> client = ini.map(DEFINITION::parse);
        Optional<KafkaSettings> kafka = ini.flatMap(f -> f.section(KafkaSettings.SECTION)
                .map(s -> KafkaSettings.parse(
                        s,
                        f.section(KafkaSettings.agentSection(AGENT)).orElse(Map.of()),
                        AGENT,
                        f.file().toString())));
        if (bootstrapServers.isPresent()) {
            kafka = Optional.of(kafka.map(k -> new KafkaSettings(
                            bootstrapServers.get(),
                            k.topicPrefix(),
                            k.schemaRegistryUrl(),
                            k.topicPartitions(),
                            k.decisionPartitions(),
                            k.topicReplicationFactor(),
                            k.clientOverrides()))
                    .orElseGet(() -> KafkaSettings.local(bootstrapServers.get())));
        }
        final URI url = coordinator
                .or(() -> client.flatMap(c -> c.optional(COORDINATOR_URL)))
                .orElseGet(() -> ini.map(ClientSettings::coordinatorFrom).orElse(URI.create(DEFAULT_COORDINATOR)));
        final Map<String, List<String>> paths = ini.filter(
                        f -> f.section(Fail2banSection.SECTION).isPresent())
                .map(f -> JailsReader.read(Fail2banSection.configDir(f)).stream()
                        .collect(Collectors.toMap(JailDefinition::name, JailDefinition::logPaths, (a, b) -> a)))
                .orElse(Map.of());
        final Optional<Path> trustedCa = ini.flatMap(f -> client.get()
                .<Path>optional(TLS_CA)
                .or(() -> path(f, "coordinator", TLS_CA))
                .or(() -> path(f, "coordinator", "http.tls.certificate")));
        final Optional<BearerToken> token = ini.flatMap(f -> {
            final boolean own = client.get().isSet(TOKEN_FILE);
            final String section = own ? SECTION : "coordinator";
            return (own ? client.get().<Path>optional(TOKEN_FILE) : path(f, section, TOKEN_FILE)).map(file -> {
                try {
                    return BearerToken.read(file);
                } catch (IllegalArgumentException e) {
                    throw f.error(section, TOKEN_FILE, e.getMessage());
                }
            });
        });
        return new ClientSettings(
                kafka,
                url,
                paths,
                trustedCa,
                token,
                ini.map(BansSection::limits).orElse(BanLimits.DEFAULT));
    }

    /** Kafka settings, or a clear usage error. */
    public KafkaSettings requireKafka() {
        return kafka.orElseThrow(() -> new IllegalArgumentException(
                "no Kafka to send commands to: give -c FILE or --bootstrap-server HOST:PORT"));
    }

    /** The jails of the configuration's [fail2ban] directory; empty when none was read. */
    public java.util.Set<String> jails() {
        return logPaths.keySet();
    }

    /** The jail's log paths, or an empty list when unknown here. */
    public List<String> logPaths(String jail) {
        return logPaths.getOrDefault(jail, List.of());
    }

    /** The query API as {@code fleetban client} reaches it, with the TLS trust and token of these settings. */
    public CoordinatorQueryClient queryClient() {
        return new CoordinatorQueryClient(coordinatorUrl, trustedCa, token);
    }

    private static URI coordinatorFrom(IniFile file) {
        final boolean tls = file.value("coordinator", "http.tls.certificate")
                .or(() -> file.value("coordinator", "http.tls.keystore"))
                .filter(v -> !v.text().isBlank())
                .isPresent();
        final String scheme = tls ? "https://" : "http://";
        return file.value("coordinator", "http.advertised")
                .filter(v -> !v.text().isBlank())
                .map(v -> parseUrl(
                        file,
                        "coordinator",
                        "http.advertised",
                        scheme + v.text().strip()))
                .or(() -> file.value("coordinator", "http.listen")
                        .map(v -> parseUrl(
                                file,
                                "coordinator",
                                "http.listen",
                                scheme + loopbackForWildcard(v.text().strip()))))
                .orElse(URI.create(DEFAULT_COORDINATOR));
    }

    /** A coordinator listening on every address is reached on this host at loopback. */
    private static String loopbackForWildcard(String listen) {
        return listen.startsWith("0.0.0.0:")
                ? "127.0.0.1" + listen.substring("0.0.0.0".length())
                : listen.startsWith("[::]:") ? "[::1]" + listen.substring("[::]".length()) : listen;
    }

    private static Optional<Path> path(IniFile file, String section, String key) {
        return file.value(section, key)
                .map(v -> v.text().strip())
                .filter(v -> !v.isEmpty())
                .map(Path::of);
    }

    private static URI parseUrl(IniFile file, String section, String key, String text) {
        try {
            return url(text.strip());
        } catch (IllegalArgumentException e) {
            throw file.error(section, key, e.getMessage());
        }
    }

    private static URI url(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + text, e);
        }
    }
}
