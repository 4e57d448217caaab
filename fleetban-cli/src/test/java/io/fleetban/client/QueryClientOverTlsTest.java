package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.coordinator.ListenAddress;
import io.fleetban.coordinator.query.BanView;
import io.fleetban.coordinator.query.BansAnswer;
import io.fleetban.coordinator.query.BearerToken;
import io.fleetban.coordinator.query.Coverage;
import io.fleetban.coordinator.query.HttpTls;
import io.fleetban.coordinator.query.JailInfo;
import io.fleetban.coordinator.query.JailQueries;
import io.fleetban.coordinator.query.JailStatus;
import io.fleetban.coordinator.query.OffenderView;
import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.coordinator.query.QueryServer;
import io.fleetban.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleetban client}'s query client configured only from fleetban.conf, against the coordinator's real query
 * server over HTTPS with a bearer token: the same conf file a coordinator host has works, and a partial answer is
 * seen as partial.
 */
class QueryClientOverTlsTest {

    private static final String TOKEN = "fleet-token-0123456789abcdef";

    @TempDir
    Path dir;

    private QueryServer server;
    private Path certificate;
    private Path key;
    private Path token;

    @BeforeEach
    void serve() throws Exception {
        final TestCertificates.Issued issued =
                TestCertificates.create(dir.resolve("pki")).issue("coordinator-1");
        certificate = issued.writeCertificatePem(dir.resolve("coordinator.crt"));
        key = issued.writeKeyPem(dir.resolve("coordinator.key"));
        token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        server = QueryServer.bind(
                new ListenAddress("127.0.0.1", 0),
                new ObjectMapper(),
                new QueryApiOptions(
                        Optional.empty(),
                        Optional.of(HttpTls.serverFromPem(certificate, key)),
                        Optional.empty(),
                        Optional.of(BearerToken.read(token))));
        server.serveMetrics(() -> "", () -> true);
        server.serve(new HalfTheFleet());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAskOverTlsWithTheTokenAndSeeThePartialAnswer() throws Exception {
        final ClientSettings settings = settings("http.auth.token.file = " + token);

        final JailStatus status = settings.queryClient().status("fail");
        final BansAnswer bans = settings.queryClient().bans();

        assertThat(settings.coordinatorUrl().getScheme()).isEqualTo("https");
        assertThat(status.currentlyBanned()).isEqualTo(1);
        assertThat(status.coverage().partial()).isTrue();
        assertThat(status.coverage().describe())
                .isEqualTo("partial: 1 of 2 instances answered (instance 10.0.0.2:7070 did not answer)");
        assertThat(bans.bans()).hasSize(1);
        assertThat(bans.coverage().partial()).isTrue();
    }

    @Test
    void shouldReadBackEveryAnswerAsTheRecordTheServerWrote() throws Exception {
        final CoordinatorQueryClient client =
                settings("http.auth.token.file = " + token).queryClient();
        final HalfTheFleet server = new HalfTheFleet();

        assertThat(client.status("fail")).isEqualTo(server.status("fail", false));
        assertThat(client.bans()).isEqualTo(server.bans(false));
        assertThat(client.offender("fail", "203.0.113.7")).isEqualTo(server.offender("fail", "203.0.113.7", false));
        assertThat(client.settings("fail")).isEqualTo(server.jail("fail"));
    }

    @Test
    void shouldBeRefusedWithoutTheToken() throws Exception {
        final ClientSettings settings = settings("");

        assertThatThrownBy(() -> settings.queryClient().status("fail"))
                .isInstanceOf(CoordinatorQueryClient.CoordinatorUnavailableException.class)
                .hasMessageContaining("answered 401");
    }

    /** The coordinator host's fleetban.conf: the client trusts the coordinator's own certificate. */
    private ClientSettings settings(String tokenLine) throws Exception {
        final Path conf = Files.writeString(
                dir.resolve("fleetban.conf"), """
                [coordinator]
                http.listen = localhost:%d
                http.tls.certificate = %s
                http.tls.key = %s
                %s
                """.formatted(server.address().port(), certificate, key, tokenLine));
        return ClientSettings.resolve(Optional.of(conf), Optional.empty(), Optional.empty());
    }

    private static final class HalfTheFleet implements JailQueries {
        private static final Coverage HALF = new Coverage(2, 1, List.of("instance 10.0.0.2:7070 did not answer"));

        @Override
        public JailStatus status(String jail, boolean localOnly) {
            return new JailStatus(jail, 0, 5, 1, 1, List.of("203.0.113.7"), 0, HALF);
        }

        @Override
        public BansAnswer bans(boolean localOnly) {
            return new BansAnswer(List.of(new BanView("fail", "203.0.113.7", 1L, 2L, "AUTO", "test")), HALF);
        }

        @Override
        public OffenderView offender(String jail, String ip, boolean localOnly) {
            return OffenderView.unknown(jail, ip);
        }

        @Override
        public JailInfo jail(String jail) {
            return new JailInfo(5, 600, 60, List.of("10.0.0.0/8"));
        }
    }
}
