package io.fleetban.coordinator.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fleetban.coordinator.ListenAddress;
import io.fleetban.kafka.metrics.MetricsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API over HTTP (JSON): routing and status codes only; the answers come from {@link JailQueries}.
 * <ul>
 *   <li>{@code GET /jails/{jail}/status} -> {@link JailStatus}</li>
 *   <li>{@code GET /jails/{jail}} -> {@link JailInfo}</li>
 *   <li>{@code GET /jails/{jail}/ips/{ip}} -> {@link OffenderView}</li>
 *   <li>{@code GET /bans} -> {@link BansAnswer}</li>
 * </ul>
 * {@code ?local=true} restricts an answer to this instance. 400 for an IP that does not parse, 401 without the
 * bearer token (when one is configured; {@code /metrics} and {@code /health} never ask for it: they hold no IP or
 * log line), 404 for an unknown jail or path, 405 for anything but GET, 503 while the state is not queryable (a
 * rebalance) or the instance holding an IP does not answer. A status or ban list that misses another instance's
 * share answers 200 with a {@link Coverage} saying so. With TLS configured, it serves HTTPS only.
 *
 * <p>Bound before Kafka Streams starts (its {@code application.server} must name the bound port), served once the
 * resource exists.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final Pattern JAIL_STATUS = Pattern.compile("/jails/([^/]+)/status/?");
    private static final Pattern OFFENDER = Pattern.compile("/jails/([^/]+)/ips/([^/]+)/?");
    private static final Pattern JAIL = Pattern.compile("/jails/([^/]+)/?");
    private static final Pattern BANS = Pattern.compile("/bans/?");
    private static final Pattern HOSTS = Pattern.compile("/hosts/?");

    private final HttpServer server;
    private final ObjectMapper json;
    private final Optional<BearerToken> token;
    /** Null until {@link #serve}: queries answer 503 while the coordinator starts. */
    private volatile JailQueries resource;

    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fleetban-query-http");
        thread.setDaemon(true);
        return thread;
    });

    private QueryServer(HttpServer server, ObjectMapper json, Optional<BearerToken> token) {
        this.server = server;
        this.json = json;
        this.token = token;
    }

    /** Binds the listen address (port 0 = any free port) without serving yet: HTTPS when {@code options} has TLS. */
    public static QueryServer bind(ListenAddress listen, ObjectMapper json, QueryApiOptions options) {
        InetSocketAddress address = new InetSocketAddress(listen.host(), listen.port());
        try {
            HttpServer server;
            if (options.tls().isPresent()) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(options.tls().get()));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
            return new QueryServer(server, json, options.token());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen + " for the query API", e);
        }
    }

    /** Binds plain HTTP without a token (tests, and loopback-only setups). */
    public static QueryServer bind(ListenAddress listen, ObjectMapper json) {
        return bind(listen, json, QueryApiOptions.plain());
    }

    /** The bound address, with the real port. */
    public ListenAddress address() {
        InetSocketAddress bound = server.getAddress();
        return new ListenAddress(bound.getHostString(), bound.getPort());
    }

    /**
     * Starts answering {@code GET /metrics} and {@code GET /health} (the more specific contexts win over {@code /});
     * queries answer 503 until {@link #serve}, so a coordinator that waits at start (for the Schema Registry) is seen
     * as unhealthy rather than unreachable.
     */
    public void serveMetrics(Supplier<String> scrape, BooleanSupplier healthy) {
        MetricsServer.mount(server, scrape, healthy);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info(
                "query API listening on {}://{}{}",
                server instanceof HttpsServer ? "https" : "http",
                address(),
                token.isPresent() ? " (bearer token required)" : "");
    }

    /** Starts answering queries from {@code resource}. */
    public void serve(JailQueries resource) {
        this.resource = resource;
    }

    private void handle(HttpExchange exchange) {
        try {
            JailQueries current = resource;
            Answer answer;
            if (token.isPresent()
                    && !token.get().accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"fleetban\"");
                answer = new Answer(401, Map.of("error", "a bearer token is required (http.auth.token.file)"));
            } else {
                answer = current == null
                        ? new Answer(503, Map.of("error", "the coordinator is starting"))
                        : answer(exchange, current);
            }
            send(exchange, answer.status(), answer.body());
        } catch (IOException | RuntimeException e) {
            LOG.warn("query {} failed", exchange.getRequestURI(), e);
        } finally {
            exchange.close();
        }
    }

    private static Answer answer(HttpExchange exchange, JailQueries resource) {
        if (!"GET".equals(exchange.getRequestMethod())) {
            return new Answer(405, Map.of("error", "only GET is supported"));
        }
        // Raw: segments are decoded one by one after routing, so an encoded '/' cannot change the route.
        String path = exchange.getRequestURI().getRawPath();
        boolean local = RemoteInstanceClient.LOCAL_PARAMETER.equals(
                exchange.getRequestURI().getQuery());
        try {
            return new Answer(200, route(path, local, resource));
        } catch (UnknownJailException | RouteNotFound e) {
            return new Answer(404, Map.of("error", e.getMessage()));
        } catch (InvalidQueryException e) {
            return new Answer(400, Map.of("error", e.getMessage()));
        } catch (QueryUnavailableException e) {
            LOG.debug("query unavailable: {}", e.getMessage());
            return new Answer(503, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("query {} failed", exchange.getRequestURI(), e);
            return new Answer(500, Map.of("error", e.toString()));
        }
    }

    private static Object route(String path, boolean local, JailQueries resource) {
        Matcher status = JAIL_STATUS.matcher(path);
        if (status.matches()) {
            return resource.status(decode(status.group(1)), local);
        }
        Matcher offender = OFFENDER.matcher(path);
        if (offender.matches()) {
            return resource.offender(decode(offender.group(1)), decode(offender.group(2)), local);
        }
        Matcher jail = JAIL.matcher(path);
        if (jail.matches()) {
            return resource.jail(decode(jail.group(1)));
        }
        if (BANS.matcher(path).matches()) {
            return resource.bans(local);
        }
        if (HOSTS.matcher(path).matches()) {
            return resource.hosts();
        }
        throw new RouteNotFound(path);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0); // also fine for a server bound but never started
        executor.shutdownNow();
    }

    private record Answer(int status, Object body) {}

    private static final class RouteNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RouteNotFound(String path) {
            super("no such resource: " + path);
        }
    }
}
