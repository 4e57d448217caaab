package io.fleetban.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double, not a registry: an in-test HTTP server on loopback that speaks the two Confluent Schema Registry
 * REST calls our client makes, with the real request and response JSON shapes and error bodies:
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions}, body {@code {"schema":"..."}}, content type
 *       {@code application/vnd.schemaregistry.v1+json}: 200 {@code {"id":N}}; the same schema gets the same global
 *       id in every subject, as in Confluent's registry; 409 {@code {"error_code":409,"message":...}} for a subject
 *       marked incompatible; 415 for a wrong content type.</li>
 *   <li>{@code GET /schemas/ids/{id}}: 200 {@code {"schema":"..."}}, or 404 {@code {"error_code":40403,...}}.</li>
 * </ul>
 * It can require basic auth (401 {@code {"error_code":401,...}}), answer a canned error for a path, serve under a
 * base path (Apicurio's {@code /apis/ccompat/v7}), stall a request (for timeouts), fail the next requests with a
 * 5xx or refuse connections for a while (registry outages). It records every request.
 */
public final class SchemaRegistryDouble implements AutoCloseable {

    /** One request as the double received it (path below the base path). */
    public record Request(
            String method, String path, Optional<String> contentType, Optional<String> authorization, String body) {}

    private record CannedError(int status, String body) {}

    /** The registry's own media type, which registration requires (as Confluent's registry does). */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    private final InetSocketAddress address;
    private volatile HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final String basePath;
    private final AtomicInteger nextId;
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final Map<String, CannedError> cannedErrors = new ConcurrentHashMap<>();
    private final List<String> incompatibleSubjects = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stalledRequestsRelease = new CountDownLatch(1);
    private volatile Optional<String> requiredUserInfo = Optional.empty();
    private volatile boolean stallEveryRequest;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;

    private SchemaRegistryDouble(String basePath, int firstId) throws IOException {
        this.basePath = basePath;
        this.nextId = new AtomicInteger(firstId);
        this.server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.address = server.getAddress();
    }

    private HttpServer listen(InetSocketAddress on) throws IOException {
        HttpServer http = HttpServer.create(on, 0);
        http.createContext(basePath.isEmpty() ? "/" : basePath, this::handle);
        http.setExecutor(handlers);
        http.start();
        return http;
    }

    /** Serves at the root, handing out global ids from {@code firstId}. */
    public static SchemaRegistryDouble start(int firstId) throws IOException {
        return new SchemaRegistryDouble("", firstId);
    }

    /** Serves under a base path, as Apicurio's ccompat API does. */
    public static SchemaRegistryDouble startUnder(String basePath, int firstId) throws IOException {
        return new SchemaRegistryDouble(basePath, firstId);
    }

    /** The base URL to configure as {@code schema.registry.url}. */
    public URI url() {
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + basePath);
    }

    /** Stores a schema under a chosen id, as if another producer had registered it. */
    public void preload(int id, String schemaJson) {
        String canonical = canonical(schemaJson);
        schemasById.put(id, canonical);
        idsBySchema.put(canonical, id);
    }

    /** Every request must carry HTTP basic auth with these {@code user:password}, else 401. */
    public void requireBasicAuth(String userInfo) {
        requiredUserInfo = Optional.of(userInfo);
    }

    /** Registering under this subject is refused with 409, as for an incompatible schema. */
    public void markIncompatible(String subject) {
        incompatibleSubjects.add(subject);
    }

    /** Every request to this path (below the base path) is answered with this status and raw body. */
    public void answerWithError(String path, int status, String body) {
        cannedErrors.put(path, new CannedError(status, body));
    }

    /**
     * The next {@code count} requests are answered with {@code status} and the registry's error body (503: a registry
     * without a leader, or a load balancer with no registry behind it), then the registry answers again.
     */
    public void failNextRequests(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Stops listening: connections are refused until {@link #comeBack()}, as when the registry process is down. */
    public void goDown() {
        server.stop(0);
    }

    /** Listens again on the same port, with everything it stored before {@link #goDown()}. */
    public void comeBack() throws IOException {
        server = listen(address);
    }

    /** Holds every request unanswered until {@link #close()}: a registry that accepts connections and hangs. */
    public void stallEveryRequest() {
        stallEveryRequest = true;
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** How many requests reached this method and path (below the base path). */
    public long requestsTo(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .count();
    }

    @Override
    public void close() {
        stalledRequestsRelease.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(basePath.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    path,
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                    body));
            if (stallEveryRequest) {
                awaitRelease();
                return;
            }
            respond(exchange, answer(exchange, path, body));
        }
    }

    private CannedError answer(HttpExchange exchange, String path, String body) throws IOException {
        if (requiredUserInfo.isPresent() && !authorized(exchange)) {
            return error(401, 401, "Unauthorized");
        }
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            // Confluent's answer while its primary is unreachable.
            return error(failureStatus, 50003, "Error while forwarding the request to the primary");
        }
        CannedError canned = cannedErrors.get(path);
        if (canned != null) {
            return canned;
        }
        Matcher register = REGISTER.matcher(path);
        if (register.matches() && exchange.getRequestMethod().equals("POST")) {
            return register(exchange, URLDecoder.decode(register.group(1), StandardCharsets.UTF_8), body);
        }
        Matcher byId = BY_ID.matcher(path);
        if (byId.matches() && exchange.getRequestMethod().equals("GET")) {
            return schemaById(Integer.parseInt(byId.group(1)));
        }
        return error(404, 404, "HTTP 404 Not Found");
    }

    private CannedError register(HttpExchange exchange, String subject, String body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
            return error(415, 415, "HTTP 415 Unsupported Media Type");
        }
        JsonNode request = JSON.readTree(body);
        String schema = request.path("schema").asText(null);
        if (schema == null) {
            return error(422, 42201, "Invalid schema: no \"schema\" field");
        }
        if (incompatibleSubjects.contains(subject)) {
            return error(
                    409,
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'}]");
        }
        String canonical = canonical(schema);
        int id = idsBySchema.computeIfAbsent(canonical, s -> nextId.getAndIncrement());
        schemasById.putIfAbsent(id, canonical);
        return new CannedError(200, JSON.createObjectNode().put("id", id).toString());
    }

    private CannedError schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            return error(404, 40403, "Schema " + id + " not found");
        }
        return new CannedError(
                200, JSON.createObjectNode().put("schema", schema).toString());
    }

    /** The same schema text up to white space gets the same id, as the registry's own parsing gives. */
    private static String canonical(String schemaJson) {
        try {
            return JSON.readTree(schemaJson).toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON schema: " + schemaJson, e);
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString(requiredUserInfo.orElseThrow().getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static CannedError error(int status, int errorCode, String message) {
        return new CannedError(
                status,
                JSON.createObjectNode()
                        .put("error_code", errorCode)
                        .put("message", message)
                        .toString());
    }

    private static void respond(HttpExchange exchange, CannedError answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void awaitRelease() {
        try {
            stalledRequestsRelease.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
