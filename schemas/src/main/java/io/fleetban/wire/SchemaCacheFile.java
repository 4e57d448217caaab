package io.fleetban.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetban.files.StateFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Schema Registry answers a client has received, kept in one small JSON file so that a restarted process reads
 * and writes the records whose schemas it has seen before without asking the registry: a registry outage then
 * costs it nothing. Safe to trust for ever because the Confluent API never changes the schema stored under an id,
 * and registering a schema a subject already has returns the id it has.
 *
 * <p>The file names the registry it came from: ids are per registry, so a process pointed at another registry
 * starts empty instead of trusting them. A missing file is an empty cache; an unreadable or corrupt one is too,
 * with a warning (it is only a cache, and the next answer rewrites it). Written atomically: a temporary file,
 * forced to disk, renamed over the old one ({@code rename(2)} is atomic), so a crash leaves the old or the new
 * file, never a torn one.
 */
final class SchemaCacheFile {

    /** The file's name inside the cache directory. */
    static final String FILE_NAME = "schema-registry-cache.json";

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(SchemaCacheFile.class);

    /** What the file holds: schemas by global id, and the id of each schema registered under a subject. */
    record Contents(Map<Integer, Schema> schemasById, Map<String, Map<Schema, Integer>> idsBySubject) {

        Contents {
            schemasById = Map.copyOf(schemasById);
            Map<String, Map<Schema, Integer>> copy = new HashMap<>();
            idsBySubject.forEach((subject, ids) -> copy.put(subject, Map.copyOf(ids)));
            idsBySubject = Map.copyOf(copy);
        }

        static Contents empty() {
            return new Contents(Map.of(), Map.of());
        }

        /** Everything in this and in {@code other}; where both know a key, this one's answer (they agree anyway). */
        Contents union(Contents other) {
            Map<Integer, Schema> schemas = new HashMap<>(other.schemasById);
            schemas.putAll(schemasById);
            Map<String, Map<Schema, Integer>> subjects = new HashMap<>();
            other.idsBySubject.forEach((subject, ids) -> subjects.put(subject, new HashMap<>(ids)));
            idsBySubject.forEach((subject, ids) ->
                    subjects.computeIfAbsent(subject, s -> new HashMap<>()).putAll(ids));
            return new Contents(schemas, subjects);
        }
    }

    private final Path file;
    private final URI registry;

    SchemaCacheFile(Path directory, URI registry) {
        this.file = directory.resolve(FILE_NAME);
        this.registry = registry;
    }

    /** The file this cache lives in. */
    Path file() {
        return file;
    }

    /** The cached answers; empty (with a warning unless the file is just missing) when none can be trusted. */
    Contents load() {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Contents.empty();
        } catch (IOException e) {
            LOG.warn("schema cache {} is unreadable, ignoring it (the registry will be asked): {}", file, e.toString());
            return Contents.empty();
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            LOG.warn("schema cache {} is not a format-{} schema cache, ignoring it", file, FORMAT);
            return Contents.empty();
        }
        if (!registry.toString().equals(root.path("registry").asText())) {
            LOG.warn(
                    "schema cache {} holds ids of the registry {}, not of {}: ignoring it",
                    file,
                    root.path("registry").asText(),
                    registry);
            return Contents.empty();
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException | SchemaParseException e) {
            LOG.warn("schema cache {} is corrupt, ignoring it (the registry will be asked): {}", file, e.toString());
            return Contents.empty();
        }
    }

    private static Contents parse(JsonNode root) {
        Map<Integer, Schema> schemasById = new HashMap<>();
        for (JsonNode entry : root.path("schemas")) {
            schemasById.put(id(entry), schema(entry));
        }
        Map<String, Map<Schema, Integer>> idsBySubject = new HashMap<>();
        for (JsonNode entry : root.path("subjects")) {
            String subject = entry.path("subject").asText(null);
            if (subject == null) {
                throw new IllegalArgumentException("a subject entry without \"subject\"");
            }
            idsBySubject.computeIfAbsent(subject, s -> new HashMap<>()).put(schema(entry), id(entry));
        }
        return new Contents(schemasById, idsBySubject);
    }

    private static int id(JsonNode entry) {
        if (!entry.path("id").canConvertToInt()) {
            throw new IllegalArgumentException("an entry without an integer \"id\": " + entry.path("id"));
        }
        return entry.path("id").intValue();
    }

    private static Schema schema(JsonNode entry) {
        String text = entry.path("schema").asText(null);
        if (text == null) {
            throw new IllegalArgumentException("an entry without \"schema\" (id " + entry.path("id") + ")");
        }
        // A parser per schema: one parser refuses a second definition of the same record name.
        return new Schema.Parser().parse(text);
    }

    /**
     * Adds {@code contents} to what the file holds: a second client on the same directory (another process, a test)
     * must not erase the answers the first one kept.
     */
    void add(Contents contents) throws IOException {
        save(contents.union(load()));
    }

    /** Replaces the file with {@code contents}, atomically. */
    void save(Contents contents) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("registry", registry.toString());
        ArrayNode schemas = root.putArray("schemas");
        contents.schemasById()
                .forEach((id, schema) -> schemas.addObject().put("id", id).put("schema", schema.toString()));
        ArrayNode subjects = root.putArray("subjects");
        contents.idsBySubject()
                .forEach((subject, ids) -> ids.forEach((schema, id) -> subjects.addObject()
                        .put("subject", subject)
                        .put("id", id)
                        .put("schema", schema.toString())));
        StateFile.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
