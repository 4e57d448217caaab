package io.fleetban.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The one fingerprint of a ban set, computed the same way by an enforcer over the bans it holds and by the
 * coordinator over the active-bans topic, so that equal digests mean equal sets: SHA-256 over the sorted
 * {@code <jail>/<ip>} entries (the active-bans key, {@link io.fleetban.kafka.Topics#activeBanKey}), each followed
 * by a newline, in lower-case hex. Order-independent because the entries are sorted first.
 */
public final class BanSetDigest {

    private BanSetDigest() {}

    /** The digest of these {@code <jail>/<ip>} entries, in any order (duplicates count once). */
    public static String of(Stream<String> entries) {
        final MessageDigest sha256 = sha256();
        entries.distinct().sorted().forEach(entry -> {
            sha256.update(entry.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
        });
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
