package io.fleetban.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client for the two Confluent Schema Registry REST calls the serde needs, which Confluent, Redpanda, Karapace
 * and Apicurio's ccompat API all serve:
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} with {@code {"schema": "<schema json>"}} answers {@code {"id": N}};
 *       registering a schema the subject already has returns its existing id.</li>
 *   <li>{@code GET /schemas/ids/{id}} answers {@code {"schema": "<schema json>", ...}}.</li>
 * </ul>
 * Both directions are cached for the life of the client (a schema id never changes its schema), so a producer asks the
 * registry once per subject and schema, and a consumer once per id; failures are not cached. A transient failure
 * (see {@link SchemaRegistryException#isTransient()}) is retried {@value #ATTEMPTS} times in all with a short backoff
 * before it is thrown. Thread-safe.
 *
 * <p>Given a cache directory, the client also keeps every answer in a {@link SchemaCacheFile} there, loaded when it
 * is created: a process restarted during a registry outage still reads and writes every record whose schema it has
 * seen before.
 */
public final class SchemaRegistryClient {

    /** The registry's own media type; registries also accept plain JSON, so that is offered as a fallback. */
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String ACCEPT =
            CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    /** Tries per request while the failure is transient: the second 100 ms after the first, the third 400 ms later. */
    static final int ATTEMPTS = 3;

    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final int BACKOFF_FACTOR = 4;

    private final SchemaRegistrySettings settings;
    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Optional<SchemaCacheFile> cacheFile;

    /** A client that caches in memory only. */
    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this(settings, Optional.empty());
    }

    /**
     * A client that also keeps its answers in {@code cacheDirectory} (created when first written) and starts with the
     * answers kept there.
     */
    public SchemaRegistryClient(SchemaRegistrySettings settings, Path cacheDirectory) {
        this(settings, Optional.of(new SchemaCacheFile(cacheDirectory, settings.url())));
    }

    private SchemaRegistryClient(SchemaRegistrySettings settings, Optional<SchemaCacheFile> cacheFile) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // Apicurio serves the API under a path (/apis/ccompat/v7): keep it, drop a trailing slash.
        this.baseUrl = settings.url().toString().replaceAll("/+$", "");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .build();
        this.cacheFile = cacheFile;
        cacheFile.ifPresent(this::restore);
    }

    private void restore(SchemaCacheFile file) {
        SchemaCacheFile.Contents kept = file.load();
        schemasById.putAll(kept.schemasById());
        kept.idsBySubject()
                .forEach((subject, ids) -> idsBySubject
                        .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                        .putAll(ids));
        if (!kept.schemasById().isEmpty()) {
            LOG.info(
                    "Schema cache {}: {} schema ids and {} subjects of {} known without asking the registry",
                    file.file(),
                    kept.schemasById().size(),
                    kept.idsBySubject().size(),
                    baseUrl);
        }
    }

    /** The registry this client talks to. */
    public SchemaRegistrySettings settings() {
        return settings;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it there) and returns its global id; answered from the
     * cache once known.
     *
     * @throws SchemaRegistryException when the registry refuses (409 incompatible, 422 invalid, 401/403) or is unreachable
     */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        return cached != null ? cached : registerAtRegistry(subject, schema);
    }

    /**
     * As {@link #register}, but asks the registry even when the id is cached, and falls back to the cached id only
     * while the registry cannot answer. For a process start: an id kept in the cache file from before a registry was
     * reset under the same URL is corrected whenever the registry answers, instead of being written for ever.
     *
     * @throws SchemaRegistryException when the registry refuses, or is unreachable and the id is not cached
     */
    public int registerPreferringRegistry(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        try {
            return registerAtRegistry(subject, schema);
        } catch (SchemaRegistryException e) {
            if (cached == null || !e.isTransient()) {
                throw e;
            }
            LOG.info(
                    "Schema registry unavailable; using the cached id {} of {} under subject {}: {}",
                    cached,
                    schema.getFullName(),
                    subject,
                    e.getMessage());
            return cached;
        }
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private int registerAtRegistry(String subject, Schema schema) {
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        HttpRequest request = request("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions")
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        JsonNode answer = send(request, "register a schema under subject " + subject);
        int id = requiredInt(answer, "id", request);
        Integer before = idsBySubject
                .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .put(schema, id);
        if (before != null && before != id) {
            LOG.warn(
                    "Schema {} under subject {} at {} now has id {}, not the cached {}: was the registry reset? Using {}",
                    schema.getFullName(),
                    subject,
                    baseUrl,
                    id,
                    before,
                    id);
        } else if (before == null) {
            LOG.info("Schema {} registered under subject {} at {}: id {}", schema.getFullName(), subject, baseUrl, id);
        }
        schemasById.putIfAbsent(id, schema);
        if (!Integer.valueOf(id).equals(before)) {
            persist();
        }
        return id;
    }

    /**
     * The schema the registry stores under {@code id}.
     *
     * @throws SchemaRegistryException 404 / 40403 for an unknown id, or when the registry is unreachable
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        HttpRequest request = request("/schemas/ids/" + id).GET().build();
        JsonNode answer = send(request, "fetch schema id " + id);
        JsonNode schemaType = answer.path("schemaType");
        if (!schemaType.isMissingNode() && !"AVRO".equals(schemaType.asText())) {
            throw new SchemaRegistryException(
                    "Schema id " + id + " at " + request.uri() + " is a " + schemaType.asText() + " schema, not Avro",
                    200,
                    -1,
                    null);
        }
        Schema schema = parse(answer.path("schema").asText(null), request);
        LOG.info("Writer schema id {} fetched from {}: {}", id, baseUrl, schema.getFullName());
        Schema existing = schemasById.putIfAbsent(id, schema);
        if (existing != null) {
            return existing;
        }
        persist();
        return schema;
    }

    /**
     * The registry's subjects ({@code GET /subjects}), asked once without retries: whether the registry answers these
     * credentials now, for {@code fleetban check}.
     *
     * @throws SchemaRegistryException when the registry refuses or does not answer
     */
    public List<String> subjects() {
        JsonNode answer = sendOnce(request("/subjects").GET().build(), "list subjects");
        List<String> subjects = new ArrayList<>();
        answer.forEach(subject -> subjects.add(subject.asText()));
        return subjects;
    }

    /**
     * Rewrites the cache file with everything known now. Rare (once per new id or subject), so a whole rewrite is
     * cheap; synchronized so that two threads' answers never overwrite each other's file. A failure to write costs only
     * the next restart's independence from the registry: warned about, not thrown.
     */
    private synchronized void persist() {
        if (cacheFile.isEmpty()) {
            return;
        }
        try {
            cacheFile.get().add(new SchemaCacheFile.Contents(schemasById, idsBySubject));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn(
                    "Could not write the schema cache {}: a restart during a registry outage will need the registry"
                            + " for these schemas: {}",
                    cacheFile.get().file(),
                    e.toString());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        settings.basicAuthUserInfo()
                .ifPresent(userInfo -> builder.header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));
        return builder;
    }

    /**
     * Sends {@code request}, asking again after a short backoff while the registry answers with a transient failure
     * (a restart, a leader election behind a load balancer take a moment). Bounded: a longer outage is the caller's to
     * wait out (it holds the record and reads it again), and a request that already timed out is not repeated.
     */
    private JsonNode send(HttpRequest request, String what) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(request, what);
            } catch (SchemaRegistryException e) {
                if (!e.isTransient()
                        || attempt >= ATTEMPTS
                        || e.getCause() instanceof HttpTimeoutException
                        || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.debug(
                        "{} (attempt {} of {}), asking again in {} ms",
                        e.getMessage(),
                        attempt,
                        ATTEMPTS,
                        backoff.toMillis());
                pause(backoff, e);
                backoff = backoff.multipliedBy(BACKOFF_FACTOR);
            }
        }
    }

    private static void pause(Duration backoff, SchemaRegistryException failure) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private JsonNode sendOnce(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Could not " + what + ": no answer from the Schema Registry at " + request.uri() + ": " + e,
                    -1,
                    -1,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    "Interrupted while trying to " + what + " at " + request.uri(), -1, -1, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw refusal(request, response, what);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Could not " + what + ": the Schema Registry at " + request.uri() + " answered HTTP "
                            + response.statusCode() + " with a body that is not JSON: " + abbreviate(response.body()),
                    response.statusCode(),
                    -1,
                    e);
        }
    }

    /** The registry's errors are {@code {"error_code": 40401, "message": "Subject not found."}}; quote both. */
    private static SchemaRegistryException refusal(HttpRequest request, HttpResponse<String> response, String what) {
        int errorCode = -1;
        String message = abbreviate(response.body());
        try {
            JsonNode error = JSON.readTree(response.body());
            errorCode = error.path("error_code").asInt(-1);
            message = error.path("message").asText(message);
        } catch (IOException notJson) {
            // A proxy or load balancer in front of the registry answered with HTML or text: quote that instead.
            message = abbreviate(response.body());
        }
        return new SchemaRegistryException(
                "Could not " + what + ": the Schema Registry answered "
                        + request.method() + " " + request.uri() + " with HTTP " + response.statusCode()
                        + (errorCode >= 0 ? " (error_code " + errorCode + ")" : "") + ": " + message,
                response.statusCode(),
                errorCode,
                null);
    }

    private static int requiredInt(JsonNode answer, String field, HttpRequest request) {
        JsonNode value = answer.path(field);
        if (!value.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "The Schema Registry's answer to " + request.method() + " " + request.uri() + " has no integer \""
                            + field + "\": " + abbreviate(answer.toString()),
                    200,
                    -1,
                    null);
        }
        return value.intValue();
    }

    private static Schema parse(String schemaJson, HttpRequest request) {
        if (schemaJson == null) {
            throw new SchemaRegistryException(
                    "The Schema Registry's answer to GET " + request.uri() + " has no \"schema\" field", 200, -1, null);
        }
        try {
            return new Schema.Parser().parse(schemaJson);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "The schema at " + request.uri() + " is not valid Avro: " + e.getMessage(), 200, -1, e);
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
