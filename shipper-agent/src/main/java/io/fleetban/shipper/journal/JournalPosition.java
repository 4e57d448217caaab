package io.fleetban.shipper.journal;

import java.util.Optional;
import java.util.TreeMap;

/**
 * Read and acknowledgement position of one followed journal, the source of its saved cursor.
 *
 * <p>Like a file's {@code FileCursor}: an entry whose offense is in flight is held before the next entry is read and
 * released from the producer's callback thread once the broker acknowledged it. Acknowledgements arrive out of
 * order (offenses of different IPs go to different partitions), so the committed cursor is the one just before the
 * oldest entry still held, or the last entry read when nothing is held. A restart resumes after it: it re-reads every
 * entry that might not have reached the broker (same offense ids, so harmless) and never skips one.
 */
public final class JournalPosition {

    /** Held entries by read order, each with its hold count and the cursor of the entry read before it. */
    private final TreeMap<Long, Hold> held = new TreeMap<>();

    private Optional<String> lastRead;
    private long nextSequence;

    private record Hold(Optional<String> previousCursor, int count) {}

    /** A position that resumes after {@code savedCursor}, or from "now" when there is none. */
    public JournalPosition(Optional<String> savedCursor) {
        this.lastRead = savedCursor;
    }

    /** Records {@code entry} as read, in journal order; returns it with its handle for hold and release. */
    public synchronized FollowedEntry read(JournalEntry entry) {
        FollowedEntry followed = new FollowedEntry(entry, this, nextSequence++, lastRead);
        lastRead = Optional.of(entry.cursor());
        return followed;
    }

    synchronized void hold(FollowedEntry entry) {
        held.merge(
                entry.sequence(),
                new Hold(entry.previousCursor(), 1),
                (old, one) -> new Hold(old.previousCursor(), old.count() + 1));
    }

    synchronized void release(FollowedEntry entry) {
        Hold hold = held.get(entry.sequence());
        if (hold == null) {
            throw new IllegalStateException(
                    "release without hold of journal entry " + entry.entry().cursor());
        }
        if (hold.count() == 1) {
            held.remove(entry.sequence());
        } else {
            held.put(entry.sequence(), new Hold(hold.previousCursor(), hold.count() - 1));
        }
    }

    /** The cursor a restart of the agent resumes after: every entry up to it is acknowledged. */
    public synchronized Optional<String> committedCursor() {
        return held.isEmpty() ? lastRead : held.firstEntry().getValue().previousCursor();
    }

    /**
     * The cursor of the last entry read: a journalctl restarted within this run resumes after it, because the
     * entries still held are already in the producer's hands.
     */
    public synchronized Optional<String> lastReadCursor() {
        return lastRead;
    }
}
