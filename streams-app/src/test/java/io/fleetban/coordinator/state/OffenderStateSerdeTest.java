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

        OffenderState copy =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

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

        // 39 fixed bytes + 5 x (8 + 8 + 8 + 2 + 5): a million IPs stay in the hundreds of MB on disk, not GB.
        assertThat(OffenderStateSerde.encode(state)).hasSize(39 + 5 * 31);
    }

    @Test
    void shouldKeepEachOffensesOffsetForTheQueries() {
        OffenderState state = OffenderState.empty(3);
        state.record(2_000, 1, "web-1", 42, 3);
        state.record(1_000, 2, "web-2", 7, 3);

        OffenderState copy = OffenderStateSerde.decode(OffenderStateSerde.encode(state));

        assertThat(copy.offset(0))
                .as("sorted by event time, offsets move along")
                .isEqualTo(7);
        assertThat(copy.offset(1)).isEqualTo(42);
    }

    @Test
    void shouldStillReadVersionOneStatesWithoutOffsets() {
        // A version 1 state as an earlier coordinator wrote it: one offense at t=5, id 9, host "a".
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(39 + 8 + 8 + 2 + 1);
        v1.put((byte) 1)
                .putLong(0)
                .putLong(0)
                .putLong(77)
                .putLong(OffenderState.NOT_DUE)
                .putInt(2)
                .putShort((short) 1)
                .putLong(5)
                .putLong(9)
                .putShort((short) 1)
                .put((byte) 'a');

        OffenderState state = OffenderStateSerde.decode(v1.array());

        assertThat(state.failures()).isEqualTo(1);
        assertThat(state.eventTime(0)).isEqualTo(5);
        assertThat(state.host(0)).isEqualTo("a");
        assertThat(state.offset(0)).isEqualTo(OffenderState.NO_OFFSET);
        assertThat(state.banCount()).isEqualTo(2);
        assertThat(state.lastDecisionAt()).isEqualTo(77);
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

        assertThatThrownBy(() -> OffenderStateSerde.decode(bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void shouldRejectTruncatedBytes() {
        OffenderState state = OffenderState.empty(1);
        state.record(1, 1, "web-1", 1);
        byte[] bytes = OffenderStateSerde.encode(state);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> OffenderStateSerde.decode(truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt offender state");
    }
}
