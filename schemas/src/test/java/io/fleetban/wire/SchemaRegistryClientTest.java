package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry client against {@link SchemaRegistryDouble}: request shapes, caching, errors, timeouts. */
@Timeout(30)
class SchemaRegistryClientTest {

    private static final String SUBJECT = "fleetban.offenses-value";
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void registerPostsTheSchemaAsJsonWithTheRegistryContentTypeAndReturnsTheId() throws IOException {
        int id = client().register(SUBJECT, Offense.getClassSchema());

        assertThat(id).isEqualTo(1);
        var request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/fleetban.offenses-value/versions");
        assertThat(request.contentType()).contains("application/vnd.schemaregistry.v1+json");
        assertThat(new Schema.Parser()
                        .parse(JSON.readTree(request.body()).path("schema").asText()))
                .isEqualTo(Offense.getClassSchema());
    }

    @Test
    void registeringTheSameSchemaAgainAsksTheRegistryOncePerSubject() {
        SchemaRegistryClient client = client();

        int first = client.register(SUBJECT, Offense.getClassSchema());
        int again = client.register(SUBJECT, Offense.getClassSchema());
        int otherSubject = client.register("other.offenses-value", Offense.getClassSchema());

        assertThat(again).isEqualTo(first);
        assertThat(otherSubject).isEqualTo(first);
        assertThat(registry.requestsTo("POST", "/subjects/fleetban.offenses-value/versions"))
                .isEqualTo(1);
        assertThat(registry.requestsTo("POST", "/subjects/other.offenses-value/versions"))
                .isEqualTo(1);
    }

    @Test
    void differentSchemasGetDifferentIds() {
        SchemaRegistryClient client = client();

        assertThat(client.register("fleetban.bans-value", BanDecision.getClassSchema()))
                .isNotEqualTo(client.register(SUBJECT, Offense.getClassSchema()));
    }

    @Test
    void schemaByIdIsFetchedOnceAndThenCached() {
        registry.preload(42, Offense.getClassSchema().toString());
        SchemaRegistryClient client = client();

        assertThat(client.schemaById(42)).isEqualTo(Offense.getClassSchema());
        assertThat(client.schemaById(42)).isEqualTo(Offense.getClassSchema());
        assertThat(registry.requestsTo("GET", "/schemas/ids/42")).isEqualTo(1);
    }

    @Test
    void aSchemaThisClientRegisteredNeedsNoFetch() {
        SchemaRegistryClient client = client();
        int id = client.register(SUBJECT, Offense.getClassSchema());

        assertThat(client.schemaById(id)).isEqualTo(Offense.getClassSchema());
        assertThat(registry.requestsTo("GET", "/schemas/ids/" + id)).isZero();
    }

    @Test
    void incompatibleSchemaIsRefusedWithStatusErrorCodeAndTheRegistrysMessage() {
        registry.markIncompatible(SUBJECT);

        assertThatThrownBy(() -> client().register(SUBJECT, Offense.getClassSchema()))
                .asInstanceOf(type(SchemaRegistryException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage())
                            .contains("register a schema under subject " + SUBJECT)
                            .contains("POST " + registry.url() + "/subjects/" + SUBJECT + "/versions")
                            .contains("HTTP 409 (error_code 409): Schema being registered is incompatible");
                    assertThat(e.httpStatus()).hasValue(409);
                    assertThat(e.errorCode()).hasValue(409);
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void unknownIdIsRefusedWith40403() {
        assertThatThrownBy(() -> client().schemaById(99))
                .asInstanceOf(type(SchemaRegistryException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains("fetch schema id 99").contains("HTTP 404 (error_code 40403)");
                    assertThat(e.errorCode()).hasValue(40403);
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void subjectNotFoundErrorBodyIsQuoted() {
        registry.answerWithError(
                "/subjects/" + SUBJECT + "/versions",
                404,
                "{\"error_code\":40401,\"message\":\"Subject 'fleetban.offenses-value' not found.\"}");

        assertThatThrownBy(() -> client().register(SUBJECT, Offense.getClassSchema()))
                .asInstanceOf(type(SchemaRegistryException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage())
                            .contains("HTTP 404 (error_code 40401): Subject 'fleetban.offenses-value' not found.");
                    assertThat(e.errorCode()).hasValue(40401);
                });
    }

    @Test
    void serverErrorIsTransient() {
        registry.answerWithError(
                "/schemas/ids/5", 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

        assertThatThrownBy(() -> client().schemaById(5))
                .asInstanceOf(type(SchemaRegistryException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains("HTTP 500 (error_code 50001): Error in the backend data store");
                    assertThat(e.isTransient()).isTrue();
                });
    }

    @Test
    void nonJsonErrorFromAProxyIsQuotedAsText() {
        registry.answerWithError("/schemas/ids/5", 502, "<html><body>502 Bad Gateway</body></html>");

        assertThatThrownBy(() -> client().schemaById(5))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 502: <html><body>502 Bad Gateway</body></html>");
    }

    @Test
    void basicAuthCredentialsAreSentWhenConfigured() {
        registry.requireBasicAuth("fleetban:s3cret");
        SchemaRegistryClient client = new SchemaRegistryClient(
                new SchemaRegistrySettings(registry.url(), Optional.of("fleetban:s3cret"), Duration.ofSeconds(5)));

        assertThat(client.register(SUBJECT, Offense.getClassSchema())).isEqualTo(1);
        assertThat(registry.requests().get(0).authorization())
                .contains("Basic " + Base64.getEncoder().encodeToString("fleetban:s3cret".getBytes()));
    }

    @Test
    void missingCredentialsAreRefusedWith401() {
        registry.requireBasicAuth("fleetban:s3cret");

        assertThatThrownBy(() -> client().register(SUBJECT, Offense.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 401 (error_code 401): Unauthorized");
    }

    @Test
    void unreachableRegistryIsTransientAndNamesTheUrl() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistrySettings.of(closed));

        assertThatThrownBy(() -> client.schemaById(1))
                .asInstanceOf(type(SchemaRegistryException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage())
                            .contains("no answer from the Schema Registry at " + closed + "/schemas/ids/1");
                    assertThat(e.httpStatus()).isEmpty();
                    assertThat(e.isTransient()).isTrue();
                });
    }

    @Test
    void hangingRegistryTimesOut() {
        registry.stallEveryRequest();
        SchemaRegistryClient client = new SchemaRegistryClient(
                new SchemaRegistrySettings(registry.url(), Optional.empty(), Duration.ofMillis(300)));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("no answer")
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void registryUnderABasePathLikeApicurioCcompatIsReached() throws IOException {
        try (var apicurio = SchemaRegistryDouble.startUnder("/apis/ccompat/v7", 10)) {
            SchemaRegistryClient client =
                    new SchemaRegistryClient(SchemaRegistrySettings.of(URI.create(apicurio.url() + "/")));

            assertThat(client.register(SUBJECT, Offense.getClassSchema())).isEqualTo(10);
            assertThat(apicurio.requestsTo("POST", "/subjects/" + SUBJECT + "/versions"))
                    .isEqualTo(1);
        }
    }

    @Test
    void serializerRegistersUnderTheTopicValueSubjectOnceForManyRecords() {
        AvroSerde<Offense> serde = new AvroSerde<>(Offense.class, Optional.of(client()));

        for (int i = 0; i < 3; i++) {
            serde.serializer().serialize("fleetban.offenses", WireSamples.offense());
        }

        assertThat(registry.requestsTo("POST", "/subjects/fleetban.offenses-value/versions"))
                .isEqualTo(1);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void confluentRoundTripThroughASecondClientFetchesTheWriterSchemaOnce() {
        AvroSerde<Offense> producerSide = new AvroSerde<>(Offense.class, Optional.of(client()));
        AvroSerde<Offense> consumerSide = new AvroSerde<>(Offense.class, Optional.of(client()));

        byte[] first = producerSide.serializer().serialize("fleetban.offenses", WireSamples.offense());
        byte[] second = producerSide.serializer().serialize("fleetban.offenses", WireSamples.offense());

        assertThat(consumerSide.deserializer().deserialize("fleetban.offenses", first))
                .isEqualTo(WireSamples.offense());
        assertThat(consumerSide.deserializer().deserialize("fleetban.offenses", second))
                .isEqualTo(WireSamples.offense());
        assertThat(registry.requestsTo("GET", "/schemas/ids/1")).isEqualTo(1);
    }

    @Test
    void serializerReportsARefusedRegistrationAsASerializationExceptionNamingTheSubject() {
        registry.markIncompatible("fleetban.offenses-value");
        AvroSerde<Offense> serde = new AvroSerde<>(Offense.class, Optional.of(client()));

        assertThatThrownBy(() -> serde.serializer().serialize("fleetban.offenses", WireSamples.offense()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(
                        "Could not register io.fleetban.avro.Offense under subject fleetban.offenses-value")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void singleObjectRecordsStillDecodeWhenARegistryIsConfigured() {
        byte[] singleObject = AvroSerde.singleObject(Offense.class)
                .serializer()
                .serialize("fleetban.offenses", WireSamples.offense());

        assertThat(new AvroSerde<>(Offense.class, Optional.of(client()))
                        .deserializer()
                        .deserialize("fleetban.offenses", singleObject))
                .isEqualTo(WireSamples.offense());
        assertThat(registry.requests()).isEmpty();
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()));
    }
}
