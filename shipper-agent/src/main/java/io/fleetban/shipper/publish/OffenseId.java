package io.fleetban.shipper.publish;

import io.fleetban.shipper.tail.FileIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic id of an offense: a digest of where its line is (host, jail, file identity, byte offset),
 * never of when it was read. A shipper that resends lines after a crash (its checkpoint lags its acknowledgements)
 * produces the same ids again, so the coordinator counts each line once.
 *
 * <p>The file identity includes the digest of the file's first line, so a copytruncated file, whose offsets start
 * again at 0 under the same inode, does not reuse the ids of the lines it had before.
 */
public final class OffenseId {

    /** 128 bits of SHA-256: no accidental collision across a fleet's lifetime of offenses. */
    private static final int ID_BYTES = 16;
    /**
     * One digest per thread, reset by {@code digest()}: the reader thread makes an id for every matched line, and
     * {@code MessageDigest.getInstance} (a provider lookup and a reflective construction) cost more than the hash.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(OffenseId::sha256);

    private OffenseId() {}

    /** The id of the offense that {@code jail} found on the line at {@code lineOffset} of {@code file}. */
    public static String of(String hostId, String jail, FileIdentity file, long lineOffset) {
        MessageDigest sha256 = SHA256.get();
        // Length-prefixed fields: ("ab", "c") and ("a", "bc") must not hash alike.
        field(sha256, hostId);
        field(sha256, jail);
        field(sha256, file.toString());
        bigEndian(sha256, lineOffset, Long.BYTES);
        byte[] digest = sha256.digest();
        return HexFormat.of().formatHex(digest, 0, ID_BYTES);
    }

    /**
     * The id of the offense that {@code jail} found in the journal entry at {@code cursor}. A journal cursor names
     * one entry for good (journal seqnum id, entry number, boot id), so an entry read again after a restart gives
     * the same id; the "journal" field keeps these ids apart from every file line's.
     */
    public static String ofJournal(String hostId, String jail, String cursor) {
        MessageDigest sha256 = SHA256.get();
        field(sha256, "journal");
        field(sha256, hostId);
        field(sha256, jail);
        field(sha256, cursor);
        return HexFormat.of().formatHex(sha256.digest(), 0, ID_BYTES);
    }

    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        bigEndian(digest, bytes.length, Integer.BYTES);
        digest.update(bytes);
    }

    /** The low {@code bytes} bytes of {@code value}, most significant first (as ByteBuffer.putInt/putLong write). */
    private static void bigEndian(MessageDigest digest, long value, int bytes) {
        for (int shift = (bytes - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            digest.update((byte) (value >>> shift));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
