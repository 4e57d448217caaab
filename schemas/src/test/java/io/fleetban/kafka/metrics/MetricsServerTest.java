package io.fleetban.kafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsAnswersWithThePrometheusTextAndHealthFollowsTheCheck() throws Exception {
        AtomicBoolean up = new AtomicBoolean(true);
        try (MetricsServer server = MetricsServer.start(
                MetricsServer.parseListen("127.0.0.1:0"), () -> "fleetban_test_total 1.0\n", up::get)) {
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsServer.PROMETHEUS_TEXT);
            assertThat(metrics.body()).isEqualTo("fleetban_test_total 1.0\n");

            HttpResponse<String> healthy = get(server, "/health");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).isEqualTo("{\"status\":\"UP\"}");

            up.set(false);
            HttpResponse<String> down = get(server, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
        }
    }

    @Test
    void parseListenReadsHostAndPortAndRefusesOtherText() {
        assertThat(MetricsServer.parseListen("127.0.0.1:9101").getHostString()).isEqualTo("127.0.0.1");
        assertThat(MetricsServer.parseListen("[::1]:9101").getHostString()).isEqualTo("::1");
        assertThat(MetricsServer.parseListen("[::1]:9101").getPort()).isEqualTo(9101);
        assertThatThrownBy(() -> MetricsServer.parseListen("9101")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> MetricsServer.parseListen("::1:9101")).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> MetricsServer.parseListen("h:70000")).hasMessageContaining("0..65535");
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
