package io.fleetban.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class OffenderStateSerdeTest {

    private final OffenderStateSerde serde = new OffenderStateSerde();

    @Test
    void shouldRoundTripEveryField() {
        OffenderState state = OffenderState.empty(5);
        state.record(1_000, 11, "web-1", 5);
        state.record(2_000, 22, "wéb-2", 5);
        state.nextDecisionTime(5_000);
        state.dueAt(9_000);

        OffenderState copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        assertThat(copy.failures()).isEqualTo(2);
        assertThat(copy.eventTime(0)).isEqualTo(1_000);
        assertThat(copy.offenseId(1)).isEqualTo(22);
        assertThat(copy.host(1)).isEqualTo("wéb-2");
        assertThat(copy.lastDecisionAt()).isEqualTo(5_000);
        assertThat(copy.dueAt()).isEqualTo(9_000);
        assertThat(copy.isBanned()).isFalse();
    }

    @Test
    void shouldRoundTripABan() {
        OffenderState state = OffenderState.empty(5);
        state.ban(100, OffenderState.PERMANENT);

        OffenderState copy = OffenderStateSerde.decode(OffenderStateSerde.encode(state));

        assertThat(copy.isBanned()).isTrue();
        assertThat(copy.bannedAt()).isEqualTo(100);
        assertThat(copy.bannedUntil()).isEqualTo(OffenderState.PERMANENT);
        assertThat(copy.banCount()).isEqualTo(1);
        assertThat(copy.failures()).isZero();
    }

    @Test
    void shouldStaySmall() {
        OffenderState state = OffenderState.empty(5);
        for (int i = 0; i < 5; i++) {
            state.record(i, i, "web-1", 5);
        }

        // 39 fixed bytes + 5 x (8 + 8 + 2 + 5): a million IPs stay in the hundreds of MB on disk, not GB.
        assertThat(OffenderStateSerde.encode(state)).hasSize(39 + 5 * 23);
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(OffenderStateSerde.encode(null)).isNull();
        assertThat(OffenderStateSerde.decode(null)).isNull();
    }

    @Test
    void shouldRejectAnUnknownVersion() {
        byte[] bytes = OffenderStateSerde.encode(OffenderState.empty(1));
        bytes[0] = 9;

        assertThatThrownBy(() -> OffenderStateSerde.decode(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void shouldRejectTruncatedBytes() {
        OffenderState state = OffenderState.empty(1);
        state.record(1, 1, "web-1", 1);
        byte[] bytes = OffenderStateSerde.encode(state);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> OffenderStateSerde.decode(truncated)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt offender state");
    }
}
