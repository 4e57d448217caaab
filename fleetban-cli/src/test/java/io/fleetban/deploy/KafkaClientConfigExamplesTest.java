package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fleetban.conf this repository ships for deployment (the Kafka security examples, the docker-compose hosts'
 * configs, the example config) is read the way the agents read it, and every key it passes to the Kafka clients is
 * one they know: a misspelt {@code ssl.truststore.locaton} would otherwise be ignored with a warning, and the agent
 * would connect without the intended security.
 */
class KafkaClientConfigExamplesTest {

    private static final List<String> AGENTS = List.of("shipper", "enforcer", "coordinator", "client");
    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();

    static Stream<Path> shippedConfigs() throws IOException {
        try (Stream<Path> kafka = Files.list(REPO.resolve("deploy/kafka"));
                Stream<Path> docker = Files.list(REPO.resolve("deploy/docker/config"))) {
            return Stream.concat(
                    Stream.concat(kafka, docker).filter(p -> p.toString().endsWith(".conf")).toList().stream(),
                    Stream.of(REPO.resolve("deploy/fleetban.conf.example")));
        }
    }

    static Stream<Path> securityExamples() throws IOException {
        try (Stream<Path> files = Files.list(REPO.resolve("deploy/kafka"))) {
            return files.filter(p -> p.getFileName().toString().matches("fleetban-.*\\.conf")).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void shouldPassOnlyKeysTheKafkaClientsKnow(Path file) {
        final Set<String> known = new HashSet<>(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        for (String agent : AGENTS) {
            for (String key : kafkaSettings(file, agent).commonConfig().keySet()) {
                assertThat(known)
                        .as("%s: %s's %s", file.getFileName(), agent, key)
                        .contains(key);
            }
        }
    }

    /** The only sections named like an agent's Kafka section are the four agents'. */
    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void shouldNameOnlyKnownAgentKafkaSections(Path file) {
        assertThat(IniFile.read(file).sectionNames())
                .filteredOn(name -> name.endsWith(".kafka"))
                .allMatch(name -> AGENTS.stream()
                        .anyMatch(agent -> KafkaSettings.agentSection(agent).equals(name)));
    }

    @ParameterizedTest
    @MethodSource("securityExamples")
    void shouldEncryptAndValidateTheBrokersCertificates(Path file) {
        final Map<String, Object> config = kafkaSettings(file).commonConfig();
        final SecurityProtocol protocol = SecurityProtocol.forName(String.valueOf(config.get("security.protocol")));
        assertThat(protocol).as(file.getFileName().toString()).isIn(SecurityProtocol.SSL, SecurityProtocol.SASL_SSL);
        assertThat(config)
                .as(file.getFileName().toString())
                .containsEntry(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https")
                .containsKey(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
    }

    /** Kafka takes these two as PEM text, and refuses a file name there ("Invalid PEM keystore configs"). */
    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void shouldGiveAPemKeystoreAsAFileNotAsPathsInTheTextKeys(Path file) {
        for (String agent : AGENTS) {
            final Map<String, Object> config = kafkaSettings(file, agent).commonConfig();
            for (String key :
                    List.of(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, SslConfigs.SSL_KEYSTORE_KEY_CONFIG)) {
                assertThat(String.valueOf(config.getOrDefault(key, "-----BEGIN"))
                                .strip())
                        .as("%s: %s's %s holds PEM text; use ssl.keystore.location", file.getFileName(), agent, key)
                        .startsWith("-----BEGIN");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("securityExamples")
    void shouldHaveAJaasConfigThatKafkaParses(Path file) {
        for (String agent : AGENTS) {
            final Object jaas = kafkaSettings(file, agent).commonConfig().get(SaslConfigs.SASL_JAAS_CONFIG);
            if (jaas == null) {
                continue;
            }
            // The value ends with ';' and contains quotes: both must survive the INI reader.
            final JaasContext context = JaasContext.loadClientContext(
                    Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(String.valueOf(jaas))));
            assertThat(context.configurationEntries()).hasSize(1);
            assertThat(context.configurationEntries().get(0).getOptions()).containsKeys("username", "password");
        }
    }

    private static KafkaSettings kafkaSettings(Path file) {
        return kafkaSettings(file, "shipper");
    }

    /** What {@code agent} reads: [kafka] with its own [agent.kafka] over it. */
    private static KafkaSettings kafkaSettings(Path file, String agent) {
        final IniFile ini = IniFile.read(file);
        final Map<String, String> section =
                ini.section("kafka").orElseThrow(() -> new AssertionError(file + " has no [kafka]"));
        return KafkaSettings.parse(
                section, ini.section(KafkaSettings.agentSection(agent)).orElse(Map.of()), agent, file.toString());
    }
}
