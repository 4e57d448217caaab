package io.fleetban.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class JailTotalsTest {

    private final Serde<JailTotals> serde = JailTotals.serde();

    @Test
    void shouldRoundTrip() {
        JailTotals totals = new JailTotals(3, 1_000_000_007L, 42);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", totals)))
                .isEqualTo(totals);
    }

    @Test
    void shouldAddUp() {
        assertThat(JailTotals.ZERO.plus(1, 5, 0).plus(new JailTotals(-1, 2, 1))).isEqualTo(new JailTotals(0, 7, 1));
    }

    @Test
    void shouldRejectBytesOfTheWrongLength() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[5]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("24 bytes");
    }
}
