package io.fleetban.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {

    private static final String SOURCE = "/etc/fleetban/fleetban.conf";

    @Test
    void agentClientsGoWithoutTheJmxReporterUnlessKafkaSectionNamesReporters() {
        KafkaSettings defaults = parse(Map.of("bootstrap.servers", "broker:9092"));
        KafkaSettings configured = parse(Map.of(
                "bootstrap.servers", "broker:9092", "metric.reporters", "org.apache.kafka.common.metrics.JmxReporter"));

        assertThat(KafkaSettings.withoutJmxReporter(defaults.producerConfig("c")))
                .containsEntry("metric.reporters", "");
        assertThat(KafkaSettings.withoutJmxReporter(configured.consumerConfig("c", Optional.empty())))
                .containsEntry("metric.reporters", "org.apache.kafka.common.metrics.JmxReporter");
    }

    @Test
    void onlyBootstrapServersGivesTheDocumentedDefaults() {
        KafkaSettings settings = parse(Map.of("bootstrap.servers", "broker-1:9092,broker-2:9092"));

        assertThat(settings.bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(settings.topicPrefix()).isEqualTo("fleetban.");
        assertThat(settings.schemaRegistryUrl()).isEmpty();
        assertThat(settings.topicPartitions()).isEqualTo(6);
        assertThat(settings.decisionPartitions()).isEqualTo(1);
        assertThat(settings.topicReplicationFactor()).isEqualTo((short) 1);
        assertThat(settings.clientOverrides()).isEmpty();
        assertThat(settings).isEqualTo(KafkaSettings.local("broker-1:9092,broker-2:9092"));
    }

    @Test
    void everyKeyIsRead() {
        KafkaSettings settings = parse(Map.of(
                "bootstrap.servers",
                "[2001:db8::1]:9093",
                "topic.prefix",
                "prod.fleetban.",
                "schema.registry.url",
                "https://registry.example:8081",
                "topic.partitions",
                "12",
                "decision.partitions",
                "2",
                "topic.replication.factor",
                "3"));

        assertThat(settings.topicPrefix()).isEqualTo("prod.fleetban.");
        assertThat(settings.schemaRegistryUrl()).contains(URI.create("https://registry.example:8081"));
        assertThat(settings.topicPartitions()).isEqualTo(12);
        assertThat(settings.decisionPartitions()).isEqualTo(2);
        assertThat(settings.topicReplicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void missingBootstrapServersNamesSourceSectionAndKey() {
        assertThatThrownBy(() -> parse(Map.of("topic.prefix", "x.")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SOURCE + ": [kafka] bootstrap.servers: is required (host:port[,host:port...])");
    }

    @Test
    void blankBootstrapServersCountsAsMissing() {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "  ")))
                .hasMessageStartingWith(SOURCE + ": [kafka] bootstrap.servers: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:0", "localhost:65536", "broker:9092,", "broker:port"})
    void bootstrapServerWithoutAValidPortIsRejected(String servers) {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", servers)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SOURCE + ": [kafka] bootstrap.servers: '")
                .hasMessageEndingWith("' is not host:port");
    }

    @ParameterizedTest
    @CsvSource({
        "0, must be between 1 and 2147483647",
        "-3, must be between 1 and 2147483647",
        "six, is not a whole number between 1 and 2147483647",
        "1.5, is not a whole number between 1 and 2147483647"
    })
    void invalidTopicPartitionsIsRejected(String value, String problem) {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", "topic.partitions", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SOURCE + ": [kafka] topic.partitions: '" + value + "' " + problem);
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", "decision.partitions", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SOURCE + ": [kafka] decision.partitions: '" + value + "' " + problem);
    }

    @Test
    void replicationFactorBeyondAShortIsRejected() {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", "topic.replication.factor", "40000")))
                .hasMessage(SOURCE + ": [kafka] topic.replication.factor: '40000' must be between 1 and 32767");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fleet ban.", "fleetban/", "fleetbän."})
    void topicPrefixWithIllegalCharactersIsRejected(String prefix) {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", "topic.prefix", prefix)))
                .hasMessageStartingWith(SOURCE + ": [kafka] topic.prefix: '" + prefix + "' may contain only");
    }

    @Test
    void topicPrefixLeavingNoRoomForTopicNamesIsRejected() {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", "topic.prefix", "p".repeat(240))))
                .hasMessageStartingWith(SOURCE + ": [kafka] topic.prefix: is too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://registry:8081", "registry:8081", "http://", "http://bad host:8081"})
    void registryUrlThatIsNotHttpIsRejected(String url) {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", url)))
                .hasMessageStartingWith(SOURCE + ": [kafka] schema.registry.url: '" + url + "'");
    }

    @Test
    void registryUrlWithCredentialsIsRejected() {
        assertThatThrownBy(() -> parse(
                        Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://user:pw@registry:8081")))
                .hasMessage(SOURCE + ": [kafka] schema.registry.url: must not contain credentials; use "
                        + "schema.registry.basic.auth.user.info")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void registryCredentialsWithoutRegistryUrlAreRejected() {
        assertThatThrownBy(() -> parse(Map.of(
                        "bootstrap.servers", "b:9092", "schema.registry.basic.auth.user.info", "fleetban:secret")))
                .hasMessage(SOURCE
                        + ": [kafka] schema.registry.basic.auth.user.info: is set but schema.registry.url is not");
    }

    @Test
    void registryCredentialsWithoutAColonAreRejected() {
        assertThatThrownBy(() -> parse(Map.of(
                        "bootstrap.servers",
                        "b:9092",
                        "schema.registry.url",
                        "http://r:8081",
                        "schema.registry.basic.auth.user.info",
                        "fleetban")))
                .hasMessage(SOURCE + ": [kafka] schema.registry.basic.auth.user.info: must be user:password");
    }

    @Test
    void misspelledRegistryKeyIsRejected() {
        assertThatThrownBy(() -> parse(Map.of(
                        "bootstrap.servers",
                        "b:9092",
                        "schema.registry.url",
                        "http://r:8081",
                        "schema.registry.basic.auth.userinfo",
                        "fleetban:secret")))
                .hasMessageStartingWith(
                        SOURCE + ": [kafka] schema.registry.basic.auth.userinfo: unknown schema registry key");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acks",
                "enable.idempotence",
                "isolation.level",
                "enable.auto.commit",
                "linger.ms",
                "group.id",
                "value.serializer"
            })
    void keysFleetbanSetsItselfCannotBeOverridden(String key) {
        assertThatThrownBy(() -> parse(Map.of("bootstrap.servers", "b:9092", key, "1")))
                .hasMessage(SOURCE + ": [kafka] " + key + ": is set by fleetban itself and cannot be overridden");
    }

    @Test
    void securityKeysPassToEveryClientButRegistryKeysToNone() {
        KafkaSettings settings = parse(Map.of(
                "bootstrap.servers",
                "b:9093",
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "ssl.truststore.location",
                "/etc/fleetban/truststore.p12",
                "schema.registry.url",
                "https://r:8081",
                "schema.registry.basic.auth.user.info",
                "fleetban:secret"));

        for (Map<String, Object> config : java.util.List.of(
                settings.commonConfig(),
                settings.producerConfig("p"),
                settings.consumerConfig("c", Optional.empty()),
                settings.adminConfig("a"))) {
            assertThat(config)
                    .contains(
                            entry("bootstrap.servers", "b:9093"),
                            entry("security.protocol", "SASL_SSL"),
                            entry("sasl.mechanism", "SCRAM-SHA-512"),
                            entry("ssl.truststore.location", "/etc/fleetban/truststore.p12"));
            assertThat(config.keySet()).noneMatch(key -> key.startsWith("schema.registry."));
        }
        assertThat(settings.schemaRegistry()).hasValueSatisfying(registry -> {
            assertThat(registry.url()).isEqualTo(URI.create("https://r:8081"));
            assertThat(registry.basicAuthUserInfo()).contains("fleetban:secret");
        });
    }

    @Test
    void producerIsIdempotentWithAcksAllAndNoLingerAndPartitionsByOffender() {
        assertThat(KafkaSettings.local("b:9092").producerConfig("shipper-web-1"))
                .containsOnly(
                        entry("bootstrap.servers", "b:9092"),
                        entry("client.id", "shipper-web-1"),
                        entry("enable.idempotence", "true"),
                        entry("acks", "all"),
                        entry("linger.ms", "0"),
                        entry("partitioner.class", OffenderPartitioner.class.getName()));
    }

    @Test
    void consumerReadsCommittedAndCommitsItself() {
        assertThat(KafkaSettings.local("b:9092").consumerConfig("enforcer-web-1", Optional.empty()))
                .containsOnly(
                        entry("bootstrap.servers", "b:9092"), entry("client.id", "enforcer-web-1"),
                        entry("isolation.level", "read_committed"), entry("enable.auto.commit", "false"));
        assertThat(KafkaSettings.local("b:9092").consumerConfig("c", Optional.of("fleetban-cli")))
                .containsEntry("group.id", "fleetban-cli");
    }

    @Test
    void adminConfigIsCommonConfigWithClientId() {
        assertThat(KafkaSettings.local("b:9092").adminConfig("coordinator-admin"))
                .containsOnly(entry("bootstrap.servers", "b:9092"), entry("client.id", "coordinator-admin"));
    }

    @Test
    void commonConfigIsAFreshMapCallersMayExtend() {
        KafkaSettings settings = KafkaSettings.local("b:9092");
        Map<String, Object> streams = settings.commonConfig();
        streams.put("application.id", "fleetban-coordinator");

        assertThat(settings.commonConfig()).doesNotContainKey("application.id");
    }

    @Test
    void toStringHidesSecrets() {
        Map<String, String> section = new HashMap<>(Map.of(
                "bootstrap.servers",
                "b:9093",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"hunter2\";",
                "ssl.truststore.password",
                "hunter3",
                "schema.registry.url",
                "https://r:8081",
                "schema.registry.basic.auth.user.info",
                "fleetban:hunter4",
                "security.protocol",
                "SASL_SSL"));

        String shown = parse(section).toString();

        assertThat(shown).doesNotContain("hunter2", "hunter3", "hunter4").contains("SASL_SSL", "https://r:8081");
    }

    @Test
    void anAgentsOwnSectionOverridesKafkaForThatAgentOnly() {
        Map<String, String> kafka = Map.of(
                "bootstrap.servers",
                "b:9094",
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "shipper's",
                "ssl.truststore.location",
                "/ca.pem");
        Map<String, String> enforcer = Map.of(
                "bootstrap.servers",
                "b:9093",
                "security.protocol",
                "SSL",
                "sasl.mechanism",
                "",
                "sasl.jaas.config",
                " ",
                "ssl.keystore.location",
                "/enforcer.pem");

        KafkaSettings shipperSettings = KafkaSettings.parse(kafka, Map.of(), "shipper", SOURCE);
        KafkaSettings enforcerSettings = KafkaSettings.parse(kafka, enforcer, "enforcer", SOURCE);

        assertThat(shipperSettings.commonConfig())
                .containsEntry("bootstrap.servers", "b:9094")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "shipper's");
        assertThat(enforcerSettings.commonConfig())
                .containsOnly(
                        entry("bootstrap.servers", "b:9093"),
                        entry("security.protocol", "SSL"),
                        entry("ssl.truststore.location", "/ca.pem"),
                        entry("ssl.keystore.location", "/enforcer.pem"));
        assertThat(KafkaSettings.agentSection("enforcer")).isEqualTo("enforcer.kafka");
    }

    @ParameterizedTest
    @ValueSource(strings = {"topic.prefix", "topic.partitions", "decision.partitions", "topic.replication.factor"})
    void fleetWideKeysStayInTheKafkaSection(String key) {
        assertThatThrownBy(() ->
                        KafkaSettings.parse(Map.of("bootstrap.servers", "b:9092"), Map.of(key, "3"), "shipper", SOURCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        SOURCE + ": [shipper.kafka] " + key + ": is the same for every agent: set it in [kafka] only");
    }

    @Test
    void anErrorNamesTheSectionTheKeyCameFrom() {
        assertThatThrownBy(() -> KafkaSettings.parse(
                        Map.of("bootstrap.servers", "b:9092"), Map.of("bootstrap.servers", "b"), "client", SOURCE))
                .hasMessage(SOURCE + ": [client.kafka] bootstrap.servers: 'b' is not host:port");
        assertThatThrownBy(() -> KafkaSettings.parse(
                        Map.of("bootstrap.servers", "b:9092"), Map.of("acks", "1"), "coordinator", SOURCE))
                .hasMessage(SOURCE + ": [coordinator.kafka] acks: is set by fleetban itself and cannot be overridden");
    }

    private static KafkaSettings parse(Map<String, String> section) {
        return KafkaSettings.parse(section, SOURCE);
    }
}
