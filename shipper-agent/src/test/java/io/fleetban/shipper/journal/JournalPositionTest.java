package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JournalPositionTest {

    private static JournalEntry entry(String cursor) {
        return new JournalEntry(cursor, Instant.EPOCH, Optional.empty(), Optional.empty(), OptionalLong.empty(), "m");
    }

    @Test
    void withoutSavedCursorNothingIsCommittedUntilAnEntryIsRead() {
        JournalPosition position = new JournalPosition(Optional.empty());
        assertThat(position.committedCursor()).isEmpty();

        FollowedEntry first = position.read(entry("c1"));
        first.hold();
        assertThat(position.committedCursor()).isEmpty();
        first.release();
        assertThat(position.committedCursor()).contains("c1");
    }

    @Test
    void outOfOrderAcknowledgementsCommitOnlyTheAcknowledgedPrefix() {
        JournalPosition position = new JournalPosition(Optional.of("c0"));
        FollowedEntry first = position.read(entry("c1"));
        first.hold();
        FollowedEntry second = position.read(entry("c2"));
        second.hold();
        position.read(entry("c3"));

        second.release();
        assertThat(position.committedCursor()).contains("c0");
        assertThat(position.lastReadCursor()).contains("c3");
        first.release();
        assertThat(position.committedCursor()).contains("c3");
    }

    @Test
    void entryHeldTwiceNeedsTwoReleases() {
        JournalPosition position = new JournalPosition(Optional.of("c0"));
        FollowedEntry first = position.read(entry("c1"));
        first.hold();
        first.hold();

        first.release();
        assertThat(position.committedCursor()).contains("c0");
        first.release();
        assertThat(position.committedCursor()).contains("c1");
        assertThatThrownBy(first::release).isInstanceOf(IllegalStateException.class);
    }
}
