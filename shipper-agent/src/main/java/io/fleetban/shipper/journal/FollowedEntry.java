package io.fleetban.shipper.journal;

import java.util.Objects;
import java.util.Optional;

/**
 * A journal entry as read by a {@link JournalFollower}, with its place in the journal's {@link JournalPosition}.
 *
 * @param entry          the entry
 * @param position       the position of the journal it was read from
 * @param sequence       its read order in this run
 * @param previousCursor the cursor of the entry read before it (or the saved one), where a restart resumes while
 *                       this entry is held
 */
public record FollowedEntry(
        JournalEntry entry, JournalPosition position, long sequence, Optional<String> previousCursor) {

    public FollowedEntry {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(previousCursor, "previousCursor");
    }

    /** Keeps the committed cursor before this entry until {@link #release()}; call before the sink returns. */
    public void hold() {
        position.hold(this);
    }

    /** Marks one hold of this entry as acknowledged. */
    public void release() {
        position.release(this);
    }
}
