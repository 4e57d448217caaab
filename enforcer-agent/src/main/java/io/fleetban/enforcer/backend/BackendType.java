package io.fleetban.enforcer.backend;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code [enforcer] backend} choices, as spelled in fleetban.conf. */
public enum BackendType {
    /** ipset sets with per-entry timeouts + one iptables rule per set (default). */
    IPSET("ipset"),
    /** One iptables rule per ban in fleetban's chain, for hosts without ipset. */
    IPTABLES("iptables"),
    /** fleetban's own nftables table with timeout sets, one {@code nft -f} transaction per batch. */
    NFTABLES("nftables"),
    /** A fail2ban action.d action ({@code [enforcer] action}) run per ban, e.g. hostsdeny or route. */
    COMMAND("command"),
    /** Prints the commands the ipset backend would run; changes nothing; needs no root. */
    DRY_RUN("dry-run");

    private final String configName;

    BackendType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<BackendType> fromConfigName(String name) {
        return Arrays.stream(values())
                .filter(type -> type.configName.equals(name))
                .findFirst();
    }

    /** "ipset, dry-run": for error messages. */
    public static String choices() {
        return Arrays.stream(values()).map(BackendType::configName).collect(Collectors.joining(", "));
    }
}
