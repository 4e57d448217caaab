package io.fleetban.shipper.tail;

import java.util.Objects;

/**
 * Which file a byte offset belongs to: the file system's key (device + inode on Linux) and a digest of the file's
 * head (its first line, at most {@value FileHead#MAX_HEAD_BYTES} bytes).
 *
 * <p>The inode alone is not enough: copytruncate keeps the inode while the content starts over, and a deleted
 * rotated file's inode is reused by the next new file. fail2ban guards against the same thing by storing an MD5
 * of the first line next to the position; the head digest is that guard.
 *
 * @param fileKey {@code BasicFileAttributes.fileKey()} as text, e.g. {@code (dev=803,ino=1311)}
 * @param head    hex digest of the file's head
 */
public record FileIdentity(String fileKey, String head) {

    /**
     * The head of a file checkpointed before its first line was complete: it is known by its inode alone, and read
     * from its start wherever it is found (no line of it was read yet).
     */
    public static final String NO_HEAD = "-";

    public FileIdentity {
        Objects.requireNonNull(fileKey, "fileKey");
        Objects.requireNonNull(head, "head");
        if (fileKey.isEmpty() || head.isEmpty() || containsSeparator(fileKey) || containsSeparator(head)) {
            throw new IllegalArgumentException("invalid file identity: " + fileKey + " / " + head);
        }
    }

    private static boolean containsSeparator(String text) {
        return text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /** True for a file checkpointed before its first line was complete. */
    public boolean headless() {
        return NO_HEAD.equals(head);
    }

    /** Stable text form, part of every offense id derived from a line of this file. */
    @Override
    public String toString() {
        return fileKey + "#" + head;
    }
}
