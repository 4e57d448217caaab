package io.fleetban.coordinator.query;

import io.fleetban.coordinator.ListenAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the query API is reached and protected, beyond its listen address: the address other instances use to reach
 * it, its TLS, the trust it uses to reach the others, and the bearer token every request must carry.
 *
 * @param advertised the {@code host:port} advertised to the other instances ({@code application.server}); empty: the
 *                   listen address, or the machine's host name when it listens on every address
 * @param tls        the server's TLS; empty: plain HTTP
 * @param peerTrust  the TLS context used to call the other instances (trusting {@code http.tls.ca}, else the JDK's
 *                   trust store); used only with {@code tls}
 * @param token      the bearer token queries must carry; empty: none asked for
 */
public record QueryApiOptions(
        Optional<ListenAddress> advertised,
        Optional<SSLContext> tls,
        Optional<SSLContext> peerTrust,
        Optional<BearerToken> token) {

    /** Plain HTTP, no token, advertised as listened: for tests and the demo on loopback. */
    public static QueryApiOptions plain() {
        return new QueryApiOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
