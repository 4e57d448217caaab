package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process restarted while the registry is down: with a cache directory, the serdes of the new process read the
 * records and write the schemas the old one had seen, without a single request; without one, they must wait.
 */
@Timeout(30)
class PersistentSchemaCacheTest {

    private static final String OFFENSES = "fleetban.offenses";
    private static final String BANS = "fleetban.bans";

    @TempDir
    Path cacheDir;

    private SchemaRegistryDouble registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = SchemaRegistryDouble.start(1);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void aRestartedProcessReadsAndWritesWhatItHadSeenWhileTheRegistryIsDown() throws IOException {
        byte[] offense = new AvroSerde<>(Offense.class, Optional.of(memoryOnlyClient()))
                .serializer()
                .serialize(OFFENSES, WireSamples.offense());
        AvroSerde<Offense> firstReader = new AvroSerde<>(Offense.class, Optional.of(persistentClient()));
        AvroSerde<BanDecision> firstWriter = new AvroSerde<>(BanDecision.class, Optional.of(persistentClient()));
        firstReader.deserializer().deserialize(OFFENSES, offense);
        firstWriter.resolveWriterSchema(BANS);
        int requestsBeforeTheOutage = registry.requests().size();

        registry.goDown();
        SchemaRegistryClient restarted = persistentClient();

        assertThat(new AvroSerde<>(Offense.class, Optional.of(restarted))
                        .deserializer()
                        .deserialize(OFFENSES, offense))
                .isEqualTo(WireSamples.offense());
        new AvroSerde<>(BanDecision.class, Optional.of(restarted)).resolveWriterSchema(BANS);
        assertThat(registry.requests()).hasSize(requestsBeforeTheOutage);
        assertThatThrownBy(() -> new AvroSerde<>(Offense.class, Optional.of(memoryOnlyClient()))
                        .deserializer()
                        .deserialize(OFFENSES, offense))
                .as("without the cache the same record must wait for the registry")
                .isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void resolvingAWriterSchemaAtStartCorrectsAnIdKeptFromBeforeARegistryReset() {
        new AvroSerde<>(BanDecision.class, Optional.of(persistentClient())).resolveWriterSchema(BANS);
        // The registry was reset under the same URL and now stores the same schema under another id.
        registry.preload(7, BanDecision.getClassSchema().toString());

        SchemaRegistryClient restarted = persistentClient();
        assertThat(restarted.register(BANS + "-value", BanDecision.getClassSchema()))
                .as("cached")
                .isEqualTo(1);
        new AvroSerde<>(BanDecision.class, Optional.of(restarted)).resolveWriterSchema(BANS);

        assertThat(restarted.register(BANS + "-value", BanDecision.getClassSchema()))
                .isEqualTo(7);
        assertThat(persistentClient().register(BANS + "-value", BanDecision.getClassSchema()))
                .as("kept")
                .isEqualTo(7);
    }

    @Test
    void aCacheDirectoryThatCannotBeWrittenCostsOnlyTheCache() throws IOException {
        Path notADirectory = Files.writeString(cacheDir.resolve("file"), "x");
        SchemaRegistryClient client =
                new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()), notADirectory);

        assertThat(client.register(BANS + "-value", BanDecision.getClassSchema()))
                .isEqualTo(1);
        assertThat(client.schemaById(1)).isEqualTo(BanDecision.getClassSchema());
    }

    private SchemaRegistryClient persistentClient() {
        return new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()), cacheDir);
    }

    private SchemaRegistryClient memoryOnlyClient() {
        return new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()));
    }
}
