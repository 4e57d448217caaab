package io.fleetban.wire;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Confluent-compatible Schema Registry is and how to reach it.
 *
 * @param url                the registry's base URL (Confluent, Redpanda, Karapace, or Apicurio's ccompat path such as
 *                           {@code http://apicurio:8080/apis/ccompat/v7})
 * @param basicAuthUserInfo  {@code user:password} for HTTP basic auth, from {@code schema.registry.basic.auth.user.info}
 * @param requestTimeout     bound on connecting and on each request; a registry that hangs must not hang a producer forever
 */
public record SchemaRegistrySettings(URI url, Optional<String> basicAuthUserInfo, Duration requestTimeout) {

    /** Generous enough for a registry under load, short enough that a dead one is reported within a poll loop or two. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public SchemaRegistrySettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(basicAuthUserInfo, "basicAuthUserInfo");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /** A registry without authentication and with the default timeout. */
    public static SchemaRegistrySettings of(URI url) {
        return new SchemaRegistrySettings(url, Optional.empty(), DEFAULT_REQUEST_TIMEOUT);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SchemaRegistrySettings[url=" + url + ", basicAuth="
                + (basicAuthUserInfo.isPresent() ? "[hidden]" : "none") + ", requestTimeout=" + requestTimeout + "]";
    }
}
