package io.fleetban.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.coordinator.hosts.HostsReport;
import io.fleetban.coordinator.query.BansAnswer;
import io.fleetban.coordinator.query.BearerToken;
import io.fleetban.coordinator.query.HttpTls;
import io.fleetban.coordinator.query.JailInfo;
import io.fleetban.coordinator.query.JailStatus;
import io.fleetban.coordinator.query.OffenderView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the coordinator's HTTP query API (interactive queries over its state stores) into the records the query
 * server writes, so both sides share one definition of the JSON.
 */
public final class CoordinatorQueryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final HttpClient http;
    private final Optional<BearerToken> token;

    public CoordinatorQueryClient(URI base) {
        this(base, Optional.empty(), Optional.empty());
    }

    /**
     * @param trustedCa certificates (PEM) trusted for an {@code https} base; empty: the JDK's trust store
     * @param token     sent as {@code Authorization: Bearer} with every query
     */
    public CoordinatorQueryClient(URI base, Optional<Path> trustedCa, Optional<BearerToken> token) {
        this.base = base;
        this.token = token;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if ("https".equals(base.getScheme())) {
            builder.sslContext(HttpTls.client(trustedCa));
        }
        this.http = builder.build();
    }

    /** {@code GET /jails/{jail}/status}. */
    public JailStatus status(String jail) {
        return get("/jails/" + encode(jail) + "/status", new TypeReference<>() {});
    }

    /** {@code GET /jails/{jail}}: the jail's settings as the coordinator applies them. */
    public JailInfo settings(String jail) {
        return get("/jails/" + encode(jail), new TypeReference<>() {});
    }

    /** {@code GET /jails/{jail}/ips/{ip}}: one IP's counted offenses and ban. */
    public OffenderView offender(String jail, String ip) {
        return get("/jails/" + encode(jail) + "/ips/" + encode(ip), new TypeReference<>() {});
    }

    /** {@code GET /bans}: every active ban in the fleet, and whether every coordinator instance answered. */
    public BansAnswer bans() {
        return get("/bans", new TypeReference<>() {});
    }

    /** {@code GET /hosts}: every enforcer's state against the fleet's. */
    public HostsReport hosts() {
        return get("/hosts", new TypeReference<>() {});
    }

    private <T> T get(String path, TypeReference<T> type) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        token.ifPresent(t -> builder.header("Authorization", t.header()));
        final HttpRequest request = builder.build();
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CoordinatorUnavailableException(
                    "coordinator at " + base + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorUnavailableException("interrupted while asking " + base, e);
        }
        if (response.statusCode() != 200) {
            throw new CoordinatorUnavailableException(
                    "coordinator at " + base + " answered " + response.statusCode() + " for " + path + ": "
                            + response.body().strip(),
                    null);
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new CoordinatorUnavailableException(
                    "coordinator at " + base + " sent unreadable JSON for " + path, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The coordinator could not be asked or gave an answer we cannot use. */
    public static final class CoordinatorUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CoordinatorUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
