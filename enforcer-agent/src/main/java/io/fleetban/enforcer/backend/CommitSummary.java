package io.fleetban.enforcer.backend;

/** What one commit applied: the per-batch line operators read ("3 added, 1 removed"). */
public record CommitSummary(int added, int removed) {

    public static final CommitSummary EMPTY = new CommitSummary(0, 0);

    public boolean isEmpty() {
        return added == 0 && removed == 0;
    }

    @Override
    public String toString() {
        return added + " added, " + removed + " removed";
    }
}
