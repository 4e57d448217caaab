package io.fleetban.shipper.tail;

/**
 * Where to start in a file that exists at start-up and has no checkpoint. Files that appear later, and the new
 * file after a rotation, are always read from the beginning: all of their content is new.
 */
public enum ReadFrom {
    /** Only lines appended after start-up, as fail2ban does with a new jail (old failures are not re-counted). */
    END,
    /** The whole file. */
    BEGINNING
}
