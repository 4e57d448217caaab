package io.fleetban.status;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.stream.Stream;

/**
 * The one fingerprint of a ban set, computed the same way by an enforcer over the bans it holds and by the
 * coordinator over the active-bans topic, so that equal digests mean equal sets: the sum, modulo 2^256, of the
 * SHA-256 of each {@code <jail>/<ip>} entry (the active-bans key, {@link io.fleetban.kafka.Topics#activeBanKey}),
 * in 64 lower-case hex digits. A sum is independent of order, and adding or removing one ban updates it in
 * constant time: an enforcer holding 100,000 bans keeps its digest current instead of sorting and hashing them all
 * for each status.
 *
 * <p>Mutable and not thread-safe: the owner {@link #add adds} and {@link #remove removes} entries of a set (each
 * entry at most once); {@link #of} digests a whole set.
 */
public final class BanSetDigest {

    private static final int BITS = 256;
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(BITS);

    private final MessageDigest sha256 = sha256();
    private BigInteger sum = BigInteger.ZERO;

    /** The digest of these {@code <jail>/<ip>} entries, in any order (duplicates count once). */
    public static String of(Stream<String> entries) {
        final BanSetDigest digest = new BanSetDigest();
        entries.distinct().forEach(digest::add);
        return digest.hex();
    }

    /** An entry joined the set. */
    public void add(String entry) {
        sum = sum.add(hashOf(entry)).mod(MODULUS);
    }

    /** An entry, added before, left the set. */
    public void remove(String entry) {
        sum = sum.subtract(hashOf(entry)).mod(MODULUS);
    }

    /** The digest of the set as it stands. */
    public String hex() {
        final String digits = sum.toString(16);
        return "0".repeat(BITS / 4 - digits.length()) + digits;
    }

    private BigInteger hashOf(String entry) {
        return new BigInteger(1, sha256.digest(entry.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
