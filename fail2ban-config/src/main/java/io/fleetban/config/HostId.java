package io.fleetban.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one rule for {@code host.id}, the name a host goes by in offenses, the enforcer-status topic, logs and Kafka
 * client ids, read the same way by the shipper and the enforcer of a host so that both name it alike.
 */
public final class HostId {

    /** Host ids travel in every offense and in log lines: printable, no spaces, a sane length. */
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,252}");

    private static final Path PROC_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    /** The {@code host.id} type: letters, digits, {@code . _ : @ -}, at most 253 characters. */
    public static final ValueType<String> TYPE = ValueType.of("host id", HostId::parse);

    /** The default: this machine's host name. */
    public static final Default DEFAULT = Default.computed("hostname", HostId::ofThisHost);

    private HostId() {}

    /** {@code text} if it is a valid host id. */
    public static String parse(String text) {
        if (!PATTERN.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a host id (letters, digits, . _ : @ -, at most" + " 253 characters)");
        }
        return text;
    }

    /** This machine's host name, validated as a host id. */
    public static String ofThisHost() {
        try {
            // The kernel's name needs no DNS; getLocalHost() may wait on a resolver.
            if (Files.isReadable(PROC_HOSTNAME)) {
                return parse(
                        Files.readString(PROC_HOSTNAME, StandardCharsets.UTF_8).strip());
            }
            return parse(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            throw new IllegalArgumentException("the host name cannot be read: " + e.getMessage(), e);
        }
    }
}
