package io.fleetban.coordinator.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The query API's shared secret, read once from a file (its first line, trimmed): every coordinator instance and
 * every {@code fleetban client} of the fleet reads the same file. Sent as {@code Authorization: Bearer <token>}.
 */
public final class BearerToken {

    /** Short tokens can be guessed over the network; 16 characters of a random base64 string are ~96 bits. */
    static final int MIN_LENGTH = 16;

    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    private BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the token file.
     *
     * @throws IllegalArgumentException when it cannot be read, is empty or is shorter than {@value #MIN_LENGTH}
     */
    public static BearerToken read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        if (text.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the token in " + file + " must have at least " + MIN_LENGTH
                    + " characters (e.g. openssl rand -base64 32)");
        }
        return new BearerToken(text);
    }

    /** The {@code Authorization} header's value. */
    public String header() {
        return PREFIX + new String(token, StandardCharsets.UTF_8);
    }

    /** Whether an {@code Authorization} header carries this token; compared in constant time. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            return false;
        }
        return MessageDigest.isEqual(
                token, authorization.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
