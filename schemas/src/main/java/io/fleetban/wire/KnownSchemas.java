package io.fleetban.wire;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Command;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
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
 * <p>{@link #fleetban()} knows the record schemas this build generates. A record written by a build with a changed
 * schema is decodable without a registry only if that schema is known here too (pass it to {@link #of}); with a
 * registry, any writer schema is fetched by id.
 */
final class KnownSchemas {

  private static final KnownSchemas FLEETBAN = of(List.of(Offense.getClassSchema(), BanDecision.getClassSchema(),
      Unban.getClassSchema(), ActiveBan.getClassSchema(), Command.getClassSchema()));

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

  /** CRC-64-AVRO of the parsing canonical form: what single-object encoding puts in its header. */
  static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }
}
