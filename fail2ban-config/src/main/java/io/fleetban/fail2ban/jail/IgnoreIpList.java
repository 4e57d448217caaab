package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.value.IpRange;
import java.util.ArrayList;
import java.util.List;

/**
 * A jail's {@code ignoreip}: addresses and networks separated by blanks and/or commas
 * ({@code 127.0.0.1/8 ::1, 10.0.0.0/255.0.0.0}). fail2ban also accepts hostnames here and resolves them
 * with DNS; fleetban refuses them with a clear error instead, because a lookup at start-up can fail or
 * change silently and an ignore list must never depend on it.
 */
final class IgnoreIpList {
    private IgnoreIpList() {}

    /**
     * @throws IllegalArgumentException naming the entry that is not an address or network
     */
    static List<IpRange> parse(String text) {
        final List<IpRange> out = new ArrayList<>();
        for (String entry : text.split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                out.add(IpRange.parse(entry));
            } catch (IllegalArgumentException e) {
                if (entry.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?") && entry.matches(".*[A-Za-z].*")) {
                    throw new IllegalArgumentException(
                            "'" + entry + "' is a hostname; fleetban does not resolve "
                                    + "hostnames in ignoreip (a DNS answer at start-up is not a safe allow-list): "
                                    + "write its addresses or networks instead",
                            e);
                }
                throw new IllegalArgumentException(
                        "'" + entry + "' is not an IP address or CIDR network: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }
}
