package io.fleetban.kafka.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 {@code {"status":"UP"}} or 503
 * {@code {"status":"DOWN"}}) for every fleetban agent, on the JDK's HTTP server.
 *
 * <p>It lives in the schemas module because that is the one module all three agents already depend on and it is
 * already their shared Kafka-side runtime; it takes the scrape text and the health check as plain suppliers, so
 * schemas itself gains no Micrometer dependency (fail2ban-config is about fail2ban's files, not about running).
 */
public final class MetricsServer implements AutoCloseable {

    /** The content type Prometheus expects for the text exposition format 0.0.4. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code listen} (port 0 = any free port) and serves both endpoints from a daemon thread. */
    public static MetricsServer start(InetSocketAddress listen, Supplier<String> scrape, BooleanSupplier healthy) {
        try {
            InetSocketAddress bind =
                    listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen;
            HttpServer server = HttpServer.create(bind, 0);
            mount(server, scrape, healthy);
            server.start();
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for metrics on " + listen, e);
        }
    }

    /** Adds both endpoints to a server the caller owns (the coordinator's query API). */
    public static void mount(HttpServer server, Supplier<String> scrape, BooleanSupplier healthy) {
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, scrape.get()));
        server.createContext("/health", exchange -> {
            boolean up = healthy.getAsBoolean();
            respond(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
    }

    /**
     * Parses an agent's {@code metrics.listen} value: {@code host:port} or {@code [v6-address]:port} (the same form
     * as the coordinator's {@code http.listen}); the host stays unresolved text until {@link #start} binds it.
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static InetSocketAddress parseListen(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 address as [address]:port, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'", e);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535 in '" + text + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Where it listens (with the real port when asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
