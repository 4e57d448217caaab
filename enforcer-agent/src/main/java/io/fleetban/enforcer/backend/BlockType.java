package io.fleetban.enforcer.backend;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a banned packet gets. fail2ban's iptables actions default to
 * {@code blocktype = REJECT --reject-with icmp-port-unreachable} (the seed tutorial's {@code action_}),
 * so a banned client sees "connection refused" at once; DROP makes it wait for a timeout instead.
 */
public enum BlockType {
    REJECT,
    DROP;

    /**
     * Reads a fail2ban {@code blocktype} value: "REJECT", "REJECT --reject-with ..." (the ICMP type is chosen per
     * family by fleetban) or "DROP". Anything else is empty so the config layer can name the key.
     */
    public static Optional<BlockType> parse(String text) {
        final String head = text.trim().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (head.isEmpty()) {
            return Optional.of(REJECT);
        }
        return head.equals("REJECT") ? Optional.of(REJECT) : head.equals("DROP") ? Optional.of(DROP) : Optional.empty();
    }

    /** The iptables target arguments ({@code -j ...}) for this block type in the given family. */
    public List<String> targetArgs(IpFamily family) {
        return this == DROP ? List.of("-j", "DROP") : List.of("-j", "REJECT", "--reject-with", family.rejectWith());
    }
}
