package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Guards registry-less schema evolution: a changed .avsc must leave its previous version in the schema history
 * (see src/main/resources/io/fleetban/wire/schema-history/index), and every kept version must stay readable.
 */
class SchemaHistoryTest {

    /** Fingerprints of the current record schemas; a change here means the steps in the history index are due. */
    private static final Map<String, String> PINNED = new TreeMap<>(Map.of(
            "io.fleetban.avro.Offense", "016325ccb4654abe",
            "io.fleetban.avro.BanDecision", "3c913f3338ec08ab",
            "io.fleetban.avro.Unban", "016da1a0101cde2b",
            "io.fleetban.avro.ActiveBan", "fee139a5dd85b20b",
            "io.fleetban.avro.Command", "a9f1fc3e20c4a9e8",
            "io.fleetban.avro.EnforcerStatus", "993e6217d85c699e"));

    @Test
    void currentSchemasHaveThePinnedFingerprints() {
        Map<String, String> actual = new TreeMap<>();
        for (Schema schema : KnownSchemas.CURRENT) {
            actual.put(schema.getFullName(), String.format("%016x", KnownSchemas.fingerprint(schema)));
        }

        assertThat(actual)
                .as(
                        "A record schema changed: keep its previous version in the schema history (see its index), then update "
                                + "the pins")
                .isEqualTo(PINNED);
    }

    @Test
    void everyCurrentSchemaIsKnownByFingerprint() {
        for (Schema current : KnownSchemas.CURRENT) {
            assertThat(KnownSchemas.fleetban().byFingerprint(KnownSchemas.fingerprint(current)))
                    .contains(current);
        }
    }

    @Test
    void everyEarlierVersionIsReadableByTheCurrentSchemaAndKnownByFingerprint() {
        for (Schema earlier : KnownSchemas.history()) {
            Schema current = KnownSchemas.CURRENT.stream()
                    .filter(s -> s.getFullName().equals(earlier.getFullName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "history schema " + earlier.getFullName() + " has no current record of that name"));

            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, earlier)
                            .getType())
                    .as(earlier.getFullName() + " history version must be readable by the current schema")
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(KnownSchemas.fleetban().byFingerprint(KnownSchemas.fingerprint(earlier)))
                    .isPresent();
        }
    }
}
