package io.fleetban.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BanHistoryTest {

    @Test
    void serdeRoundTripsTwelveBytes() {
        BanHistory history = new BanHistory(3, 1_764_072_000_000L);
        byte[] bytes = BanHistory.serde().serializer().serialize("t", history);
        assertThat(bytes).hasSize(12);
        assertThat(BanHistory.serde().deserializer().deserialize("t", bytes)).isEqualTo(history);
    }

    @Test
    void serdeRefusesAWrongLength() {
        assertThatThrownBy(() -> BanHistory.serde().deserializer().deserialize("t", new byte[5]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("12 bytes");
    }

    @Test
    void overallAndIndexKeysNeverCollideWithOffenderKeys() {
        String jailKey = BanHistoryKey.of("web", "203.0.113.7");
        String overall = BanHistoryKey.overall("203.0.113.7");
        assertThat(jailKey).isEqualTo(OffenderKey.of("web", "203.0.113.7"));
        assertThat(overall).isEqualTo("/203.0.113.7").isNotEqualTo(jailKey);
        assertThat(BanHistoryKey.isIndexEntry(OffenderKey.of("web", "203.0.113.7")))
                .isFalse();
        assertThat(BanHistoryKey.isIndexEntry(BanHistoryKey.indexEntry(jailKey)))
                .isTrue();
        assertThat(BanHistoryKey.fromIndexEntry(BanHistoryKey.indexEntry(overall)))
                .isEqualTo(overall);
    }
}
