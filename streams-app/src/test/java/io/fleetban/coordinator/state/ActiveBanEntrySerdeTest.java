package io.fleetban.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ActiveBanEntrySerdeTest {

    @Test
    void shouldRoundTripAnEntry() {
        ActiveBanEntry entry = new ActiveBanEntry(
                "fail",
                "2001:db8:0:0:0:0:0:1",
                "fail/2001:db8:0:0:0:0:0:1@5",
                "AUTO",
                "5 failures within PT10M from 2 host(s)",
                "",
                5,
                65,
                5,
                List.of("web-1", "web-2"),
                2);

        assertThat(ActiveBanEntrySerde.decode(ActiveBanEntrySerde.encode(entry)))
                .isEqualTo(entry);
    }

    @Test
    void shouldRoundTripAPermanentManualBan() {
        ActiveBanEntry entry = new ActiveBanEntry(
                "sshd",
                "198.51.100.0/24",
                "sshd/198.51.100.0/24@7",
                "MANUAL",
                "abuse report",
                "alice@ops",
                7,
                OffenderState.PERMANENT,
                0,
                List.of(),
                1);

        ActiveBanEntry copy = ActiveBanEntrySerde.decode(ActiveBanEntrySerde.encode(entry));

        assertThat(copy).isEqualTo(entry);
        assertThat(copy.isPermanent()).isTrue();
    }

    @Test
    void shouldRejectCorruptBytes() {
        assertThatThrownBy(() -> ActiveBanEntrySerde.decode(new byte[] {1, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt active ban");
    }
}
