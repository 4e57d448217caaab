package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What an operator's client asks a coordinator instance's query API about one jail, over HTTP. */
final class JailQueryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String jail;

    JailQueryClient(String jail) {
        this.jail = jail;
    }

    /**
     * The jail's status from one instance, {@code query} being "" (the whole fleet's) or "?local=true" (its own
     * share); an empty node while it answers anything but 200.
     */
    JsonNode status(CoordinatorApp app, String query) throws Exception {
        HttpResponse<String> response = get(app, "/status" + query);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    /** What one instance answers about an IP, which it must know (200). */
    JsonNode offender(CoordinatorApp app, String ip) throws Exception {
        HttpResponse<String> response = get(app, "/ips/" + ip);
        assertThat(response.statusCode())
                .as("offender %s: %s", ip, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Any path of one instance's API (e.g. {@code /bans}), which must answer 200. */
    JsonNode json(CoordinatorApp app, String absolutePath) throws Exception {
        URI uri = URI.create("http://" + app.queryAddress().hostAndPort() + absolutePath);
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s: %s", absolutePath, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(CoordinatorApp app, String path) throws Exception {
        URI uri = URI.create("http://" + app.queryAddress().hostAndPort() + "/jails/" + jail + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
