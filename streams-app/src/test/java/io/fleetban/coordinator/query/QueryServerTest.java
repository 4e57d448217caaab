package io.fleetban.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.coordinator.ListenAddress;
import io.fleetban.kafka.metrics.MetricsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeQueries queries = new FakeQueries();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private QueryServer server;

    @BeforeEach
    void serve() {
        server = QueryServer.bind(new ListenAddress("127.0.0.1", 0), JSON);
        server.serveMetrics(() -> "fleetban_coordinator_records_dead_lettered_total 2.0\n", running::get);
        server.serve(queries);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerHealthButNoQueriesBeforeItServesThem() throws Exception {
        try (QueryServer starting = QueryServer.bind(new ListenAddress("127.0.0.1", 0), JSON)) {
            starting.serveMetrics(() -> "", () -> false);
            URI base = URI.create("http://127.0.0.1:" + starting.address().port());

            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> status = http.send(
                    HttpRequest.newBuilder(base.resolve("/jails/fail/status")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(status.body()).get("error").asText()).contains("starting");
        }
    }

    @Test
    void shouldAnswerJailStatusAsFail2banShowsIt() throws Exception {
        HttpResponse<String> response = get("GET", "/jails/fail/status");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("jail").asText()).isEqualTo("fail");
        assertThat(status.get("currentlyFailed").asLong()).isEqualTo(1);
        assertThat(status.get("totalFailed").asLong()).isEqualTo(9);
        assertThat(status.get("currentlyBanned").asLong()).isEqualTo(1);
        assertThat(status.get("totalBanned").asLong()).isEqualTo(2);
        assertThat(status.get("bannedIps").get(0).asText()).isEqualTo("203.0.113.7");
        assertThat(queries.calls).containsExactly("status fail local=false");
    }

    @Test
    void shouldServePrometheusMetricsAndHealthNextToTheQueries() throws Exception {
        HttpResponse<String> metrics = get("GET", "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
        assertThat(metrics.body()).isEqualTo("fleetban_coordinator_records_dead_lettered_total 2.0\n");
        assertThat(get("GET", "/health").statusCode()).isEqualTo(200);

        running.set(false);

        HttpResponse<String> down = get("GET", "/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(get("GET", "/jails/fail/status").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldPassTheLocalFlagThrough() throws Exception {
        assertThat(get("GET", "/jails/fail/status?local=true").statusCode()).isEqualTo(200);
        assertThat(get("GET", "/bans?local=true").statusCode()).isEqualTo(200);

        assertThat(queries.calls).containsExactly("status fail local=true", "bans local=true");
    }

    @Test
    void shouldListBansWithTheirExpiry() throws Exception {
        JsonNode answer = JSON.readTree(get("GET", "/bans").body());
        JsonNode bans = answer.get("bans");

        assertThat(answer.at("/coverage/partial").asBoolean()).isFalse();
        assertThat(bans).hasSize(1);
        assertThat(bans.get(0).get("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(bans.get(0).get("bannedAt").asLong()).isEqualTo(1_795_608_000_000L);
        assertThat(bans.get(0).get("expiresAt").asLong()).isEqualTo(1_795_608_060_000L);
        assertThat(bans.get(0).get("source").asText()).isEqualTo("AUTO");
    }

    @Test
    void shouldAnswerJailSettingsInSeconds() throws Exception {
        JsonNode jail = JSON.readTree(get("GET", "/jails/fail").body());

        assertThat(jail.get("maxretry").asInt()).isEqualTo(5);
        assertThat(jail.get("findtime").asLong()).isEqualTo(600);
        assertThat(jail.get("bantime").asLong()).isEqualTo(60);
        assertThat(jail.get("ignoreip").get(0).asText()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void shouldAnswerOneIpsOffensesWithItsPathSegmentDecoded() throws Exception {
        HttpResponse<String> response = get("GET", "/jails/fail/ips/2001%3Adb8%3A%3A1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode offender = JSON.readTree(response.body());
        assertThat(offender.get("ip").asText()).isEqualTo("2001:db8::1");
        assertThat(offender.get("offenses").get(0).get("host").asText()).isEqualTo("web-1");
        assertThat(offender.get("banned").asBoolean()).isFalse();
        assertThat(queries.calls).containsExactly("offender fail 2001:db8::1 local=false");
    }

    @Test
    void shouldAnswer400ForSomethingThatIsNotAnIp() throws Exception {
        assertThat(get("GET", "/jails/fail/ips/bogus").statusCode()).isEqualTo(400);
        assertThat(get("GET", "/jails/fail/ips/10.0.0.0%2F8").statusCode()).isEqualTo(200);
        assertThat(queries.calls)
                .containsExactly("offender fail bogus local=false", "offender fail 10.0.0.0/8 local=false");
    }

    @Test
    void shouldAnswer404ForAnUnknownJailOrPath() throws Exception {
        HttpResponse<String> unknownJail = get("GET", "/jails/nope/status");
        HttpResponse<String> unknownPath = get("GET", "/nothing-here");

        assertThat(unknownJail.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownJail.body()).get("error").asText()).contains("'nope'");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer503WhileStateIsNotQueryable() throws Exception {
        queries.unavailable = true;

        HttpResponse<String> response = get("GET", "/jails/fail/status");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("REBALANCING");
    }

    @Test
    void shouldRefuseAnythingButGet() throws Exception {
        assertThat(get("DELETE", "/bans").statusCode()).isEqualTo(405);
        assertThat(queries.calls).isEmpty();
    }

    @Test
    void shouldFailClearlyWhenThePortIsTaken() {
        ListenAddress taken = server.address();

        assertThatThrownBy(() -> QueryServer.bind(taken, JSON))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(taken.toString());
    }

    private HttpResponse<String> get(String method, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + server.address().hostAndPort() + path);
        return http.send(
                HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final class FakeQueries implements JailQueries {
        private final List<String> calls = new ArrayList<>();
        private boolean unavailable;

        @Override
        public JailStatus status(String jail, boolean localOnly) {
            if (unavailable) {
                throw new QueryUnavailableException("coordinator is REBALANCING, state not queryable", null);
            }
            if (!jail.equals("fail")) {
                throw new UnknownJailException(jail);
            }
            calls.add("status " + jail + " local=" + localOnly);
            return new JailStatus(jail, 1, 9, 1, 2, List.of("203.0.113.7"), 0);
        }

        @Override
        public BansAnswer bans(boolean localOnly) {
            calls.add("bans local=" + localOnly);
            return new BansAnswer(
                    List.of(new BanView(
                            "fail",
                            "203.0.113.7",
                            1_795_608_000_000L,
                            1_795_608_060_000L,
                            "AUTO",
                            "5 failures within 600 s from 1 host(s)")),
                    Coverage.local());
        }

        @Override
        public OffenderView offender(String jail, String ip, boolean localOnly) {
            calls.add("offender " + jail + " " + ip + " local=" + localOnly);
            if (ip.equals("bogus")) {
                throw new InvalidQueryException("not an IP address: 'bogus'", null);
            }
            return new OffenderView(
                    jail,
                    ip,
                    List.of(new OffenderView.CountedOffense(1_795_608_000_000L, "web-1", "login failed")),
                    false,
                    null,
                    null,
                    null,
                    null,
                    List.of(),
                    0);
        }

        @Override
        public JailInfo jail(String jail) {
            return new JailInfo(5, 600, 60, List.of("10.0.0.0/8"));
        }
    }
}
