package io.fleetban.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.kafka.KafkaSettings;

/**
 * What {@code fleetban client} needs: where to send commands (Kafka) and where to ask questions (the coordinator's
 * query API), from fleetban.conf and/or command-line overrides, resolved once.
 *
 * <p>fleetban.conf keys: {@code [client] coordinator.url} (default: derived from {@code [coordinator] http.listen},
 * else {@value #DEFAULT_COORDINATOR}); {@code [kafka]} as for every agent; {@code [fail2ban] config.dir} for the
 * jails' log paths that {@code status} shows; {@code [bans]} for the widest network {@code banip} sends (the
 * coordinator and the enforcers refuse wider ones anyway; defaults without a config).
 *
 * @param kafka          Kafka settings, empty when neither a config nor {@code --bootstrap-server} was given
 * @param coordinatorUrl the coordinator's query API
 * @param logPaths       each jail's log paths, for {@code status}'s "File list"
 * @param banLimits      {@code [bans]}: the widest networks a ban may cover
 */
public record ClientSettings(Optional<KafkaSettings> kafka, URI coordinatorUrl, Map<String, List<String>> logPaths,
                             BanLimits banLimits) {

    public static final String DEFAULT_COORDINATOR = "http://127.0.0.1:7070";

    public ClientSettings {
        logPaths = Map.copyOf(logPaths);
    }

    /** Reads {@code config} when given, then applies the overrides. */
    public static ClientSettings resolve(Optional<Path> config, Optional<String> bootstrapServers, Optional<URI> coordinator) {
        final Optional<IniFile> ini = config.map(IniFile::read);
        Optional<KafkaSettings> kafka = ini.flatMap(f -> f.section("kafka").map(s -> KafkaSettings.parse(s, f.file().toString())));
        if (bootstrapServers.isPresent()) {
            kafka = Optional.of(kafka.map(k -> new KafkaSettings(bootstrapServers.get(), k.topicPrefix(), k.schemaRegistryUrl(),
                    k.topicPartitions(), k.topicReplicationFactor(), k.clientOverrides()))
                    .orElseGet(() -> KafkaSettings.local(bootstrapServers.get())));
        }
        final URI url = coordinator.orElseGet(() -> ini.map(ClientSettings::coordinatorFrom).orElse(URI.create(DEFAULT_COORDINATOR)));
        final Map<String, List<String>> paths = ini.filter(f -> f.section(Fail2banSection.SECTION).isPresent())
                .map(f -> JailsReader.read(Fail2banSection.configDir(f)).stream()
                        .collect(Collectors.toMap(JailDefinition::name, JailDefinition::logPaths, (a, b) -> a)))
                .orElse(Map.of());
        return new ClientSettings(kafka, url, paths, ini.map(BansSection::limits).orElse(BanLimits.DEFAULT));
    }

    /** Kafka settings, or a clear usage error. */
    public KafkaSettings requireKafka() {
        return kafka.orElseThrow(() -> new IllegalArgumentException("no Kafka to send commands to: give -c FILE or --bootstrap-server HOST:PORT"));
    }

    /** The jail's log paths, or an empty list when unknown here. */
    public List<String> logPaths(String jail) {
        return logPaths.getOrDefault(jail, List.of());
    }

    private static URI coordinatorFrom(IniFile file) {
        return file.value("client", "coordinator.url").map(v -> parseUrl(file, "client", "coordinator.url", v.text()))
                .or(() -> file.value("coordinator", "http.listen").map(v -> parseUrl(file, "coordinator", "http.listen", "http://" + v.text())))
                .orElse(URI.create(DEFAULT_COORDINATOR));
    }

    private static URI parseUrl(IniFile file, String section, String key, String text) {
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw file.error(section, key, "not a URL: " + text);
        }
    }

}
