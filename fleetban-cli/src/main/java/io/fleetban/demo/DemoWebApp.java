package io.fleetban.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fleetban.fail2ban.value.IpRange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed tutorial's HTTP app in Java: every GET is answered 200 and logged as one line in the seed's format, which
 * the seed's {@code filter.d/fail.conf} matches. The log file is appended and flushed per request, as Python's
 * {@code logging.FileHandler} does, so a tailer sees each line at once.
 */
public final class DemoWebApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWebApp.class);

    private final HttpServer server;
    private final Writer log;
    private final ClientAddressResolver resolver;
    private final Clock clock;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    private DemoWebApp(HttpServer server, Writer log, ClientAddressResolver resolver, Clock clock) {
        this.server = server;
        this.log = log;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** Starts serving on {@code listen}, appending to {@code logFile}; X-Forwarded-For is trusted only from {@code trustedProxies}. */
    public static DemoWebApp start(InetSocketAddress listen, Path logFile, List<IpRange> trustedProxies) {
        try {
            if (logFile.getParent() != null) {
                Files.createDirectories(logFile.getParent());
            }
            final Writer log = Files.newBufferedWriter(
                    logFile,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            final HttpServer server = HttpServer.create(listen, 128);
            final DemoWebApp app =
                    new DemoWebApp(server, log, new ClientAddressResolver(trustedProxies), Clock.systemDefaultZone());
            server.createContext("/", app::handle);
            server.setExecutor(app.workers);
            server.start();
            LOG.info(
                    "demo app serving on http://{}:{} and logging to {}",
                    listen.getHostString(),
                    server.getAddress().getPort(),
                    logFile);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the demo app on " + listen + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            final String ip = resolver.resolve(
                    exchange.getRemoteAddress().getAddress(),
                    exchange.getRequestHeaders().getFirst("X-Forwarded-For"));
            final String line = AccessLogFormat.line(
                    LocalDateTime.now(clock), ip, exchange.getRequestHeaders().getFirst("User-Agent"));
            append(line);
            final byte[] body = ("FAIL - Request Information\nIP Address: " + ip + "\nPath: "
                            + AccessLogFormat.escape(exchange.getRequestURI().getRawPath()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private synchronized void append(String line) throws IOException {
        log.write(line);
        log.write('\n');
        log.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            synchronized (this) {
                log.close();
            }
        } catch (IOException e) {
            LOG.warn("closing the demo app's log failed: {}", e.getMessage());
        }
    }
}
