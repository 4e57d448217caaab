package io.fleetban.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.coordinator.ListenAddress;
import io.fleetban.testkit.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query API over HTTPS (PEM and PKCS#12 server certificates) with a bearer token, and instance forwarding. */
class SecuredQueryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token-of-the-fleet-0123456789";

    @TempDir
    Path dir;

    private TestCertificates ca;
    private QueryServer server;
    private QueryApiOptions options;

    @BeforeEach
    void serveOverTlsWithAToken() throws Exception {
        ca = TestCertificates.create(dir.resolve("pki"));
        TestCertificates.Issued certificate = ca.issue("coordinator-1");
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        options = new QueryApiOptions(
                Optional.empty(),
                Optional.of(HttpTls.serverFromPem(
                        certificate.writeCertificatePem(dir.resolve("c.crt")),
                        certificate.writeKeyPem(dir.resolve("c.key")))),
                Optional.of(HttpTls.client(Optional.of(ca.caPem()))),
                Optional.of(BearerToken.read(token)));
        server = QueryServer.bind(new ListenAddress("127.0.0.1", 0), JSON, options);
        server.serveMetrics(() -> "m 1.0\n", () -> true);
        server.serve(new FixedQueries());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerQueriesOnlyWithTheToken() throws Exception {
        HttpClient https = HttpClient.newBuilder()
                .sslContext(HttpTls.client(Optional.of(ca.caPem())))
                .build();
        URI status = URI.create("https://localhost:" + server.address().port() + "/jails/fail/status");

        HttpResponse<String> without =
                https.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = https.send(
                HttpRequest.newBuilder(status)
                        .header("Authorization", "Bearer nope")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> with = https.send(
                HttpRequest.newBuilder(status)
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = https.send(
                HttpRequest.newBuilder(status.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(without.statusCode()).isEqualTo(401);
        assertThat(without.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(with.body()).get("currentlyBanned").asLong()).isEqualTo(1);
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseClientsThatDoNotTrustItsCertificateAndPlainHttp() {
        HttpClient jdkTrust = HttpClient.newHttpClient();
        URI https = URI.create("https://localhost:" + server.address().port() + "/health");
        URI plain = URI.create("http://localhost:" + server.address().port() + "/health");

        assertThatThrownBy(() ->
                        jdkTrust.send(HttpRequest.newBuilder(https).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() ->
                        jdkTrust.send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void shouldForwardToAnotherInstanceWithTheSameTlsAndToken() {
        RemoteInstanceClient remote = new RemoteInstanceClient(JSON, options);

        JailStatus status =
                remote.status(new ListenAddress("localhost", server.address().port()), "fail");

        assertThat(status.currentlyBanned()).isEqualTo(1);
        assertThat(remote.bans(new ListenAddress("localhost", server.address().port())))
                .hasSize(1);
    }

    @Test
    void shouldServeAPkcs12Certificate() throws Exception {
        Path store = ca.issue("coordinator-2").writePkcs12(dir.resolve("c2.p12"), "store-pass");
        QueryApiOptions pkcs12 = new QueryApiOptions(
                Optional.empty(),
                Optional.of(HttpTls.serverFromPkcs12(store, "store-pass")),
                options.peerTrust(),
                options.token());
        try (QueryServer second = QueryServer.bind(new ListenAddress("127.0.0.1", 0), JSON, pkcs12)) {
            second.serveMetrics(() -> "", () -> true);
            second.serve(new FixedQueries());
            // A generous connect timeout: the first handshake with a new server is slow on a loaded test machine.
            HttpClient https = HttpClient.newBuilder()
                    .sslContext(HttpTls.client(Optional.of(ca.caPem())))
                    .connectTimeout(java.time.Duration.ofSeconds(30))
                    .build();
            HttpResponse<String> status = https.send(
                    HttpRequest.newBuilder(URI.create(
                                    "https://localhost:" + second.address().port() + "/jails/fail/status"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(status.body()).get("totalBanned").asLong()).isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseAShortToken() throws Exception {
        Path token = Files.writeString(dir.resolve("short"), "short\n");
        assertThatThrownBy(() -> BearerToken.read(token)).hasMessageContaining("at least 16 characters");
        assertThat(BearerToken.read(Files.writeString(dir.resolve("t"), TOKEN)).toString())
                .doesNotContain(TOKEN);
    }

    private static final class FixedQueries implements JailQueries {
        @Override
        public JailStatus status(String jail, boolean localOnly) {
            return new JailStatus(jail, 1, 9, 1, 2, List.of("203.0.113.7"), 0);
        }

        @Override
        public BansAnswer bans(boolean localOnly) {
            return new BansAnswer(
                    List.of(new BanView("fail", "203.0.113.7", 1L, 2L, "AUTO", "test")), Coverage.local());
        }

        @Override
        public OffenderView offender(String jail, String ip, boolean localOnly) {
            return OffenderView.unknown(jail, ip);
        }

        @Override
        public JailInfo jail(String jail) {
            return new JailInfo(5, 600, 60, List.of());
        }
    }
}
