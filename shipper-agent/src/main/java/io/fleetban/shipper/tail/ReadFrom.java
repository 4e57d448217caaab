package io.fleetban.shipper.tail;

/**
 * Where to start in a file found at a log path the shipper has never read (no checkpoint names the path). A path
 * read before is never subject to this: a new file found there was rotated in while the shipper was away, and all
 * of it is read, as is every file that appears while the shipper runs.
 */
public enum ReadFrom {
    /**
     * As fail2ban does at start: the lines still inside the jail's {@code findtime}, so an attack in progress when
     * the shipper is installed or restarted without its state is not forgotten. Older lines are skipped by a binary
     * search over the lines' dates, not read.
     */
    FINDTIME,
    /** Only lines appended after start-up. */
    END,
    /** The whole file. */
    BEGINNING
}
