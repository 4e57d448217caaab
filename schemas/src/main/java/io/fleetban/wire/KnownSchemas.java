package io.fleetban.wire;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Command;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The writer schemas a deserializer can resolve without a registry, by their CRC-64-AVRO fingerprint: the single-object
 * encoding carries only the fingerprint, so the schema itself must be known to the reader.
 *
 * <p>{@link #fleetban()} knows the record schemas this build generates and the earlier versions kept in the resource
 * directory {@value #HISTORY} (its {@code index} explains when to add one), so records written by an earlier fleetban
 * still decode after an upgrade. With a registry, any writer schema is fetched by id instead.
 */
final class KnownSchemas {

    /** Resource directory of earlier schema versions. */
    static final String HISTORY = "/io/fleetban/wire/schema-history/";

    /** The record schemas of this build's generated classes. */
    static final List<Schema> CURRENT = List.of(
            Offense.getClassSchema(),
            BanDecision.getClassSchema(),
            Unban.getClassSchema(),
            ActiveBan.getClassSchema(),
            Command.getClassSchema(),
            EnforcerStatus.getClassSchema());

    private static final KnownSchemas FLEETBAN =
            of(Stream.concat(CURRENT.stream(), history().stream()).toList());

    private final Map<Long, Schema> byFingerprint;

    private KnownSchemas(Map<Long, Schema> byFingerprint) {
        this.byFingerprint = Map.copyOf(byFingerprint);
    }

    /** The record schemas of this build's io.fleetban.avro classes. */
    static KnownSchemas fleetban() {
        return FLEETBAN;
    }

    /** A set of known writer schemas. */
    static KnownSchemas of(List<Schema> schemas) {
        // Schemas differing only in docs or properties share a fingerprint and decode the same: keep the first.
        return new KnownSchemas(schemas.stream()
                .collect(Collectors.toMap(KnownSchemas::fingerprint, Function.identity(), (first, same) -> first)));
    }

    /** The same schemas plus {@code more}. */
    KnownSchemas with(List<Schema> more) {
        return of(Stream.concat(byFingerprint.values().stream(), more.stream()).toList());
    }

    /** The schema with this fingerprint, if known. */
    Optional<Schema> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** The earlier schema versions listed in the history index. */
    static List<Schema> history() {
        List<Schema> schemas = new ArrayList<>();
        for (String line : resource("index").lines().map(String::strip).toList()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                schemas.add(new Schema.Parser().parse(resource(line)));
            }
        }
        return schemas;
    }

    private static String resource(String name) {
        try (InputStream in = KnownSchemas.class.getResourceAsStream(HISTORY + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "Schema history resource " + HISTORY + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read schema history resource " + HISTORY + name, e);
        }
    }

    /** CRC-64-AVRO of the parsing canonical form: what single-object encoding puts in its header. */
    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
