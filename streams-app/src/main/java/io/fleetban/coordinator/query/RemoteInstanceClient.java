package io.fleetban.coordinator.query;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.coordinator.ListenAddress;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Asks another coordinator instance for its own share ({@code ?local=true}, so it does not fan out again).
 * Any failure makes the whole answer unavailable: a status that silently misses an instance's bans would lie.
 */
public final class RemoteInstanceClient {

    static final String LOCAL_PARAMETER = "local=true";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;

    public RemoteInstanceClient(ObjectMapper json) {
        this.json = json;
    }

    public JailStatus status(ListenAddress instance, String jail) {
        return get(instance, "/jails/" + URLEncoder.encode(jail, StandardCharsets.UTF_8) + "/status",
                new TypeReference<JailStatus>() { });
    }

    public OffenderView offender(ListenAddress instance, String jail, String ip) {
        return get(instance, "/jails/" + URLEncoder.encode(jail, StandardCharsets.UTF_8) + "/ips/"
                + URLEncoder.encode(ip, StandardCharsets.UTF_8), new TypeReference<OffenderView>() { });
    }

    public List<BanView> bans(ListenAddress instance) {
        return get(instance, "/bans", new TypeReference<List<BanView>>() { });
    }

    private <T> T get(ListenAddress instance, String path, TypeReference<T> type) {
        URI uri = URI.create("http://" + instance.hostAndPort() + path + "?" + LOCAL_PARAMETER);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new QueryUnavailableException("instance " + instance + " answered " + response.statusCode()
                        + " for " + path, null);
            }
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new QueryUnavailableException("instance " + instance + " did not answer " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryUnavailableException("interrupted while asking " + instance, e);
        }
    }
}
