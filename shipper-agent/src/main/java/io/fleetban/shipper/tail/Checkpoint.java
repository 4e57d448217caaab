package io.fleetban.shipper.tail;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where reading resumes for one file after a restart: every line before {@code offset} has been acknowledged by
 * the broker (or needed no publishing); lines from {@code offset} on are read again.
 *
 * @param path     the log path the file was read under
 * @param identity which file it was (inode + head digest)
 * @param offset   byte offset of the first line not yet acknowledged
 */
public record Checkpoint(Path path, FileIdentity identity, long offset) {

    public Checkpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(identity, "identity");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + path);
        }
    }
}
