package io.fleetban.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffenderStateTest {

    @Test
    void shouldKeepOnlyTheNewestOffensesSortedByEventTime() {
        OffenderState state = OffenderState.empty(3);
        state.record(300, 1, "a", 3);
        state.record(100, 2, "b", 3);
        state.record(400, 3, "c", 3);
        state.record(200, 4, "d", 3);

        assertThat(state.failures()).isEqualTo(3);
        assertThat(new long[] {state.eventTime(0), state.eventTime(1), state.eventTime(2)})
                .containsExactly(200, 300, 400);
        assertThat(state.contains(2)).isFalse();
        assertThat(state.newestEventTime()).isEqualTo(400);
    }

    @Test
    void shouldDropOffensesThatLeftTheWindow() {
        OffenderState state = OffenderState.empty(5);
        state.record(100, 1, "a", 5);
        state.record(200, 2, "a", 5);
        state.record(300, 3, "a", 5);

        state.dropOlderThan(200);

        assertThat(state.failures()).isEqualTo(2);
        assertThat(state.contains(1)).isFalse();
        assertThat(state.contains(2)).isTrue();
    }

    @Test
    void shouldListDistinctHostsInFirstSeenOrder() {
        OffenderState state = OffenderState.empty(5);
        state.record(1, 1, "web-2", 5);
        state.record(2, 2, "web-1", 5);
        state.record(3, 3, "web-2", 5);

        assertThat(state.distinctHosts()).containsExactly("web-2", "web-1");
    }

    @Test
    void shouldGiveStrictlyIncreasingDecisionTimesWithinOneMillisecond() {
        OffenderState state = OffenderState.empty(5);

        long first = state.nextDecisionTime(1000);
        long second = state.nextDecisionTime(1000);
        long third = state.nextDecisionTime(999);

        assertThat(first).isEqualTo(1000);
        assertThat(second).isEqualTo(1001);
        assertThat(third).isEqualTo(1002);
    }

    @Test
    void shouldForgetFailuresWhenBannedAndCountBans() {
        OffenderState state = OffenderState.empty(2);
        state.record(1, 1, "a", 2);
        state.record(2, 2, "a", 2);

        state.ban(10, 70);

        assertThat(state.isBanned()).isTrue();
        assertThat(state.failures()).isZero();
        assertThat(state.banCount()).isEqualTo(1);
        state.unban();
        assertThat(state.isBanned()).isFalse();
        assertThat(state.banCount()).isEqualTo(1);
    }

    @Test
    void shouldCutOverlongHostIds() {
        OffenderState state = OffenderState.empty(1);
        state.record(1, 1, "h".repeat(10_000), 1);

        assertThat(state.host(0)).hasSize(OffenderState.MAX_HOST_CHARS);
    }
}
