package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.Offense;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/**
 * What {@code kcat -C -t fleetban.offenses -s value=avro -r <url>} does with one of our records, step by step,
 * without a kcat built with libserdes (Debian's is not): libserdes reads the Confluent framing (magic byte 0, 4-byte
 * big-endian id), asks the registry {@code GET <url>/schemas/ids/<id>} with {@code Accept} and {@code Content-Type}
 * {@code application/vnd.schemaregistry.v1+json}, takes the {@code "schema"} string of the answer (a missing
 * {@code "schemaType"} means AVRO) and decodes the rest of the record with that schema, generically. It calls no
 * other endpoint to read; our client calls exactly this one to read and {@code POST /subjects/<topic>-value/versions}
 * to register.
 */
class KcatRegistryPathTest {

    private static final String TOPIC = "fleetban.offenses";

    @Test
    void aRecordWeWriteDecodesTheWayLibserdesDecodesIt() throws IOException, InterruptedException {
        try (SchemaRegistryDouble registry = SchemaRegistryDouble.start(7)) {
            AvroSerde<Offense> serde = new AvroSerde<>(
                    Offense.class, Optional.of(new SchemaRegistryClient(SchemaRegistrySettings.of(registry.url()))));
            byte[] record = serde.serializer().serialize(TOPIC, WireSamples.offense());

            assertThat(record[0]).as("Confluent magic byte").isZero();
            int id = ByteBuffer.wrap(record, 1, 4).getInt();
            // libserdes strips trailing slashes from the -r URL before appending the path.
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(registry.url() + "/schemas/ids/" + id))
                                    .header("Accept", "application/vnd.schemaregistry.v1+json")
                                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                    .header("User-Agent", "libserdes")
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode envelope = new ObjectMapper().readTree(answer.body());
            assertThat(envelope.path("schemaType").asText("AVRO")).isEqualTo("AVRO");
            Schema writer = new Schema.Parser().parse(envelope.path("schema").asText());

            GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer)
                    .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(record, 5, record.length), null));

            assertThat(decoded.get("ip")).hasToString("203.0.113.7");
            assertThat(decoded.get("jail")).hasToString("fail");
            assertThat(registry.requests())
                    .extracting(SchemaRegistryDouble.Request::method, SchemaRegistryDouble.Request::path)
                    .containsExactly(
                            tuple("POST", "/subjects/" + TOPIC + "-value/versions"),
                            tuple("GET", "/schemas/ids/" + id));
        }
    }
}
