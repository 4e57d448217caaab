package io.fleetban.shipper.journal;

/**
 * Receives the entries a {@link JournalFollower} reads, on the follower's thread, in journal order. An entry that
 * needs publishing must be {@link FollowedEntry#hold() held} before {@code accept} returns.
 */
@FunctionalInterface
public interface JournalSink {
    void accept(FollowedEntry entry);
}
