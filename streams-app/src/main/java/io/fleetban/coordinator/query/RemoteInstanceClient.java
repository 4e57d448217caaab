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
 * Asks another coordinator instance for its own share ({@code ?local=true}, so it does not fan out again), with
 * this instance's TLS trust and bearer token. A failure is a {@link QueryUnavailableException} naming the instance:
 * the caller reports the answer as partial, since a status that silently misses an instance's bans would lie.
 */
public final class RemoteInstanceClient {

    static final String LOCAL_PARAMETER = "local=true";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;
    private final ObjectMapper json;
    private final QueryApiOptions options;

    public RemoteInstanceClient(ObjectMapper json, QueryApiOptions options) {
        this.json = json;
        this.options = options;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        options.peerTrust().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public JailStatus status(ListenAddress instance, String jail) {
        return get(
                instance,
                "/jails/" + URLEncoder.encode(jail, StandardCharsets.UTF_8) + "/status",
                new TypeReference<JailStatus>() {});
    }

    public OffenderView offender(ListenAddress instance, String jail, String ip) {
        return get(
                instance,
                "/jails/" + URLEncoder.encode(jail, StandardCharsets.UTF_8) + "/ips/"
                        + URLEncoder.encode(ip, StandardCharsets.UTF_8),
                new TypeReference<OffenderView>() {});
    }

    public List<BanView> bans(ListenAddress instance) {
        return get(instance, "/bans", new TypeReference<BansAnswer>() {}).bans();
    }

    private <T> T get(ListenAddress instance, String path, TypeReference<T> type) {
        URI uri = URI.create(options.scheme() + "://" + instance.hostAndPort() + path + "?" + LOCAL_PARAMETER);
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
            options.token().ifPresent(token -> request.header("Authorization", token.header()));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new QueryUnavailableException(
                        "instance " + instance + " answered " + response.statusCode() + " for " + path, null);
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
