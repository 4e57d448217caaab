package io.fleetban.coordinator;

import io.fleetban.config.SectionValues;
import io.fleetban.coordinator.query.BearerToken;
import io.fleetban.coordinator.query.HttpTls;
import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.fail2ban.ini.IniFile;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Reads the query API's keys of {@code [coordinator]} beyond {@code http.listen}: {@value #ADVERTISED},
 * {@value #TLS_CERTIFICATE} + {@value #TLS_KEY} (PEM) or {@value #TLS_KEYSTORE} + {@value #TLS_KEYSTORE_PASSWORD}
 * (PKCS#12), {@value #TLS_CA}, {@value #TOKEN_FILE} and {@value #ALLOW_INSECURE}.
 *
 * <p>The API answers with matched log lines and every ban: on an address other hosts can reach it needs TLS and a
 * token, unless {@value #ALLOW_INSECURE} says the network is trusted.
 */
final class QueryApiSection {

    static final String ADVERTISED = "http.advertised";
    static final String TLS_CERTIFICATE = "http.tls.certificate";
    static final String TLS_KEY = "http.tls.key";
    static final String TLS_KEYSTORE = "http.tls.keystore";
    static final String TLS_KEYSTORE_PASSWORD = "http.tls.keystore.password";
    static final String TLS_CA = "http.tls.ca";
    static final String TOKEN_FILE = "http.auth.token.file";
    static final String ALLOW_INSECURE = "http.allow.insecure";
    private static final String SECTION = CoordinatorConfig.SECTION;

    private final IniFile ini;
    private final SectionValues values;

    private QueryApiSection(IniFile ini, SectionValues values) {
        this.ini = ini;
        this.values = values;
    }

    /** The query API's options from {@code [coordinator]}, already parsed by {@link CoordinatorConfig#DEFINITION}. */
    static QueryApiOptions read(IniFile ini, SectionValues coordinator, ListenAddress listen) {
        return new QueryApiSection(ini, coordinator).read(listen);
    }

    private QueryApiOptions read(ListenAddress listen) {
        Optional<SSLContext> tls = serverTls();
        Optional<SSLContext> peerTrust = tls.map(t -> path(TLS_CA)
                .map(ca -> loaded(TLS_CA, () -> HttpTls.client(Optional.of(ca))))
                .orElseGet(() -> HttpTls.client(Optional.empty())));
        Optional<BearerToken> token = path(TOKEN_FILE).map(file -> loaded(TOKEN_FILE, () -> BearerToken.read(file)));
        boolean loopback = isLoopback(listen.host());
        boolean allowInsecure = values.<Boolean>get(ALLOW_INSECURE);
        if (!loopback && !allowInsecure && (tls.isEmpty() || token.isEmpty())) {
            throw ini.error(
                    SECTION,
                    CoordinatorConfig.HTTP_LISTEN,
                    "'" + listen + "' is reachable from other hosts, and"
                            + " the query API answers with log lines and bans: set " + TLS_CERTIFICATE + " and "
                            + TLS_KEY
                            + " (or " + TLS_KEYSTORE + ") and " + TOKEN_FILE + ", or " + ALLOW_INSECURE + " = true on a"
                            + " trusted network");
        }
        return new QueryApiOptions(advertised(listen, loopback), tls, peerTrust, token);
    }

    private Optional<SSLContext> serverTls() {
        Optional<Path> certificate = path(TLS_CERTIFICATE);
        Optional<Path> key = path(TLS_KEY);
        Optional<Path> keystore = path(TLS_KEYSTORE);
        if (certificate.isPresent() != key.isPresent()) {
            throw ini.error(
                    SECTION,
                    certificate.isPresent() ? TLS_KEY : TLS_CERTIFICATE,
                    "is required with " + (certificate.isPresent() ? TLS_CERTIFICATE : TLS_KEY));
        }
        if (keystore.isPresent() && certificate.isPresent()) {
            throw ini.error(
                    SECTION, TLS_KEYSTORE, "set either " + TLS_KEYSTORE + " or " + TLS_CERTIFICATE + " and " + TLS_KEY);
        }
        if (certificate.isPresent()) {
            return Optional.of(loaded(TLS_CERTIFICATE, () -> HttpTls.serverFromPem(certificate.get(), key.get())));
        }
        return keystore.map(store -> loaded(
                TLS_KEYSTORE,
                () -> HttpTls.serverFromPkcs12(
                        store,
                        values.<String>optional(TLS_KEYSTORE_PASSWORD)
                                .orElseThrow(() -> ini.error(
                                        SECTION, TLS_KEYSTORE_PASSWORD, "is required with " + TLS_KEYSTORE)))));
    }

    /**
     * Other instances reach this one at the advertised address: never a wildcard, and not loopback when the API
     * listens for other hosts (each instance would then take the other for itself and answer with its own share).
     */
    private Optional<ListenAddress> advertised(ListenAddress listen, boolean listenLoopback) {
        Optional<ListenAddress> advertised = values.optional(ADVERTISED);
        advertised.ifPresent(address -> {
            if (isWildcard(address.host()) || address.port() == 0) {
                throw ini.error(SECTION, ADVERTISED, "'" + address + "' is not an address other instances can reach");
            }
            if (!listenLoopback && isLoopback(address.host())) {
                throw ini.error(
                        SECTION,
                        ADVERTISED,
                        "'" + address + "' is loopback: instances on other hosts cannot"
                                + " reach it; give this host's name or address");
            }
        });
        return advertised;
    }

    /** The advertised address when none is set: the listen address, or this host's name for a wildcard listen. */
    static ListenAddress defaultAdvertised(ListenAddress bound) {
        if (!isWildcard(bound.host())) {
            return bound;
        }
        try {
            return new ListenAddress(InetAddress.getLocalHost().getCanonicalHostName(), bound.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "http.listen is a wildcard and this host's name does not resolve: set " + ADVERTISED, e);
        }
    }

    static boolean isWildcard(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0") || h.equals("*");
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private interface Loader<T> {
        T load();
    }

    private <T> T loaded(String key, Loader<T> loader) {
        try {
            return loader.load();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw ini.error(SECTION, key, e.getMessage());
        }
    }

    private Optional<Path> path(String key) {
        return values.optional(key);
    }
}
