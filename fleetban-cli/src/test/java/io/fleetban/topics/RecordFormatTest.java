package io.fleetban.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

    private static final BanDecision BAN = BanDecision.newBuilder()
            .setDecisionId("fail/203.0.113.7@1")
            .setJail("fail")
            .setIp("203.0.113.7")
            .setSource(BanSource.AUTO)
            .setReason("5 failures within 600 s from 2 host(s)")
            .setFailures(5)
            .setHosts(List.of("web-a", "web-b"))
            .setBannedAt(Instant.parse("2026-11-25T12:00:00Z"))
            .setExpiresAt(Instant.parse("2026-11-25T12:01:00Z"))
            .build();

    @Test
    void shouldRenderABanAsOneGreppableLine() {
        assertThat(RecordFormat.TEXT.line("203.0.113.7", BAN))
                .startsWith("BAN      jail=fail ip=203.0.113.7 failures=5 hosts=web-a,web-b until=")
                .endsWith("source=AUTO reason=\"5 failures within 600 s from 2 host(s)\"")
                .doesNotContain("\n");
    }

    @Test
    void shouldRenderJsonThatJsonToolsRead() throws Exception {
        final JsonNode json = new ObjectMapper().readTree(RecordFormat.JSON.line("203.0.113.7", BAN));

        assertThat(json.get("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(json.get("failures").asInt()).isEqualTo(5);
        assertThat(json.get("hosts").get(1).asText()).isEqualTo("web-b");
    }

    @Test
    void shouldShowATombstoneAsTheEndOfAnActiveBan() throws Exception {
        assertThat(RecordFormat.TEXT.line("fail/203.0.113.7", null)).isEqualTo("ENDED    key=fail/203.0.113.7");
        assertThat(new ObjectMapper()
                        .readTree(RecordFormat.JSON.line("fail/203.0.113.7", null))
                        .get("value")
                        .isNull())
                .isTrue();
    }
}
