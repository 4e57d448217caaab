package io.fleetban.enforcer.backend;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Names of fleetban's sets, in ipset and in nftables: {@code fleetban-<jail>-v4} and {@code fleetban-<jail>-v6}.
 * ipset allows 31 characters; a jail name that is too long or contains other characters than {@code [A-Za-z0-9_.-]}
 * is shortened and gets a hash of the original name, so two jails never share a set and a name never carries
 * anything a tool could read as an option or nft could read as syntax (a name always starts with a letter).
 */
public final class SetName {

    /** Every fleetban set starts with this; sets without it are never touched. */
    public static final String PREFIX = "fleetban-";
    /** IPSET_MAXNAMELEN is 32 including the terminating NUL. */
    static final int MAX_LENGTH = 31;

    private static final int MAX_JAIL_PART = MAX_LENGTH - PREFIX.length() - "-v4".length();
    private static final int HASH_HEX = 6;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]+");

    private SetName() {}

    public static String of(String jail, IpFamily family) {
        return PREFIX + jailPart(jail) + "-" + family.suffix();
    }

    private static String jailPart(String jail) {
        if (SAFE.matcher(jail).matches() && jail.length() <= MAX_JAIL_PART) {
            return jail;
        }
        final String cleaned = jail.replaceAll("[^A-Za-z0-9_.-]", "_");
        final int keep = Math.min(cleaned.length(), MAX_JAIL_PART - HASH_HEX - 1);
        return cleaned.substring(0, keep) + "." + hash(jail);
    }

    private static String hash(String jail) {
        final CRC32 crc = new CRC32();
        crc.update(jail.getBytes(StandardCharsets.UTF_8));
        final String hex = String.format("%08x", crc.getValue());
        return hex.substring(0, HASH_HEX);
    }
}
