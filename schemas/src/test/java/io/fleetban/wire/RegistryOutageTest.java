package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Schema Registry outage must lose no record: a consumer that has not cached a writer schema yet gets
 * {@link SchemaRegistryUnavailableException} (retry the record) and never the plain SerializationException that
 * means "skip or dead-letter it"; once the registry answers, the very same bytes decode. A record that is really
 * undecodable stays a plain SerializationException.
 */
class RegistryOutageTest {

    private static final String TOPIC = "fleetban.offenses";
    private static final String BY_ID = "/schemas/ids/1";

    private SchemaRegistryDouble registry;
    private byte[] written;

    @BeforeEach
    void writeOneRecordWhileTheRegistryIsUp() throws IOException {
        registry = SchemaRegistryDouble.start(1);
        written = serde().serializer().serialize(TOPIC, WireSamples.offense());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    /** A fresh serde: a consumer process that has cached no schema yet. */
    private AvroSerde<Offense> serde() {
        return new AvroSerde<>(
                Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));
    }

    @Test
    void aShortOutageIsRiddenOutByTheClientsOwnRetries() {
        registry.failNextRequests(SchemaRegistryClient.ATTEMPTS - 1, 503);

        assertThat(serde().deserializer().deserialize(TOPIC, written)).isEqualTo(WireSamples.offense());
        assertThat(registry.requestsTo("GET", BY_ID)).isEqualTo(SchemaRegistryClient.ATTEMPTS);
    }

    @Test
    void aLongerOutageSaysRetryAndTheSameBytesDecodeOnceTheRegistryAnswers() {
        AvroSerde<Offense> reader = serde();
        registry.failNextRequests(1000, 503);

        assertThatThrownBy(() -> reader.deserializer().deserialize(TOPIC, written))
                .asInstanceOf(type(SchemaRegistryUnavailableException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage())
                            .contains("could not get its writer schema (id 1)")
                            .contains("HTTP 503")
                            .contains("read the record again later");
                    assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.class);
                    assertThat(SchemaRegistryException.isTransientCause(e)).isTrue();
                });
        assertThat(registry.requestsTo("GET", BY_ID)).isEqualTo(SchemaRegistryClient.ATTEMPTS);

        registry.failNextRequests(0, 503);
        assertThat(reader.deserializer().deserialize(TOPIC, written)).isEqualTo(WireSamples.offense());
    }

    @Test
    void refusedConnectionsSayRetryAndTheRecordDecodesWhenTheRegistryIsBack() throws IOException {
        AvroSerde<Offense> reader = serde();
        registry.goDown();

        assertThatThrownBy(() -> reader.deserializer().deserialize(TOPIC, written))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("no answer from the Schema Registry at " + registry.url() + BY_ID);

        registry.comeBack();
        assertThat(reader.deserializer().deserialize(TOPIC, written)).isEqualTo(WireSamples.offense());
    }

    @Test
    void aProducerWhoseFirstRegistrationMeetsAnOutageIsToldToSendAgain() {
        AvroSerde<Offense> producer = serde();
        registry.goDown();

        assertThatThrownBy(() -> producer.serializer().serialize("fleetban.other-offenses", WireSamples.offense()))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("send the record again later");
    }

    @Test
    void aProducerRefusedForAnIncompatibleSchemaIsNotToldToRetry() {
        registry.markIncompatible("fleetban.other-offenses-value");

        assertThatThrownBy(() -> serde().serializer().serialize("fleetban.other-offenses", WireSamples.offense()))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("HTTP 409");
    }

    @ParameterizedTest(name = "HTTP {0} is transient")
    @ValueSource(ints = {500, 502, 503, 504, 408, 429})
    void serverSideAndThrottlingAnswersAreTransient(int status) {
        registry.failNextRequests(1000, status);

        assertThatThrownBy(() -> serde().deserializer().deserialize(TOPIC, written))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void aTimedOutRequestIsNotRepeatedInsideTheClient() {
        registry.stallEveryRequest();
        AvroSerde<Offense> reader = new AvroSerde<>(
                Offense.class,
                Optional.of(new SchemaRegistryClient(
                        new SchemaRegistrySettings(registry.url(), Optional.empty(), Duration.ofMillis(300)))));

        assertThatThrownBy(() -> reader.deserializer().deserialize(TOPIC, written))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
        assertThat(registry.requestsTo("GET", BY_ID)).isEqualTo(1);
    }

    @Test
    void anUnknownSchemaIdIsTheRecordsFaultNotAnOutage() {
        byte[] unknownId = HexFormat.of().parseHex("0000000063046f31");

        assertThatThrownBy(() -> serde().deserializer().deserialize(TOPIC, unknownId))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .satisfies(e ->
                        assertThat(SchemaRegistryException.isTransientCause(e)).isFalse());
        assertThat(registry.requestsTo("GET", "/schemas/ids/99"))
                .as("a 404 is not retried")
                .isEqualTo(1);
    }

    @Test
    void refusedCredentialsHoldTheRecordInsteadOfLosingIt() {
        registry.requireBasicAuth("fleetban:s3cret");

        assertThatThrownBy(() -> serde().deserializer().deserialize(TOPIC, written))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("HTTP 401");
    }

    @Test
    void badMagicByteUnknownFingerprintAndCorruptAvroAreNotOutages() {
        byte[] corrupt = written.clone();
        corrupt[5] = 0x7f; // the first string's length, zig-zag -64: negative

        for (byte[] bad :
                new byte[][] {HexFormat.of().parseHex("42"), HexFormat.of().parseHex("c301000000000000000002"), corrupt
                }) {
            assertThatThrownBy(() -> serde().deserializer().deserialize(TOPIC, bad))
                    .isInstanceOf(SerializationException.class)
                    .isNotInstanceOf(SchemaRegistryUnavailableException.class);
        }
    }
}
