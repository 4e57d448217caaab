package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code fleetban client} reads from fleetban.conf: its own Kafka principal, and how to reach the query API. */
class ClientSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseItsOwnKafkaSectionOverKafka() throws IOException {
        final ClientSettings settings = resolve("""
                [kafka]
                bootstrap.servers = k:9092
                sasl.jaas.config = shipper's
                [client.kafka]
                sasl.jaas.config = ops'
                """);

        assertThat(settings.requireKafka().commonConfig()).containsEntry("sasl.jaas.config", "ops'");
        assertThat(settings.coordinatorUrl()).isEqualTo(URI.create(ClientSettings.DEFAULT_COORDINATOR));
        assertThat(settings.token()).isEmpty();
    }

    @Test
    void shouldReachACoordinatorWithTlsAtItsAdvertisedAddressWithItsTrustAndToken() throws IOException {
        final Path token = Files.writeString(dir.resolve("token"), "0123456789abcdef-token\n");
        final ClientSettings settings = resolve("""
                [coordinator]
                http.listen = 0.0.0.0:7070
                http.advertised = coordinator-1.example.net:7070
                http.tls.certificate = /etc/fleetban/tls/coordinator-1.crt
                http.tls.key = /etc/fleetban/tls/coordinator-1.key
                http.auth.token.file = %s
                """.formatted(token));

        assertThat(settings.coordinatorUrl()).isEqualTo(URI.create("https://coordinator-1.example.net:7070"));
        assertThat(settings.trustedCa()).contains(Path.of("/etc/fleetban/tls/coordinator-1.crt"));
        assertThat(settings.token().orElseThrow().header()).isEqualTo("Bearer 0123456789abcdef-token");
    }

    @Test
    void shouldPreferTheClientsOwnUrlTrustAndToken() throws IOException {
        final Path token = Files.writeString(dir.resolve("ops-token"), "ops-0123456789abcdef\n");
        final ClientSettings settings = resolve("""
                [client]
                coordinator.url = https://coordinators.example.net:7070
                http.tls.ca = /etc/fleetban/tls/ca.pem
                http.auth.token.file = %s
                [coordinator]
                http.listen = 127.0.0.1:7070
                """.formatted(token));

        assertThat(settings.coordinatorUrl()).isEqualTo(URI.create("https://coordinators.example.net:7070"));
        assertThat(settings.trustedCa()).contains(Path.of("/etc/fleetban/tls/ca.pem"));
        assertThat(settings.token()).isPresent();
    }

    @Test
    void shouldNameTheKeyOfAnUnreadableTokenFile() throws IOException {
        assertThatThrownBy(() -> resolve("""
                [client]
                http.auth.token.file = /nonexistent/token
                """)).hasMessageContaining("[client] http.auth.token.file");
    }

    private ClientSettings resolve(String text) throws IOException {
        return ClientSettings.resolve(
                Optional.of(Files.writeString(dir.resolve("fleetban.conf"), text)), Optional.empty(), Optional.empty());
    }
}
