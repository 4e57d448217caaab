package io.fleetban.enforcer.backend;

import io.fleetban.fail2ban.jail.PortRange;
import io.fleetban.fail2ban.value.IpRange;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The part of a fail2ban jail a firewall needs: which traffic a ban blocks and how, plus the jail's
 * {@code ignoreip}. Built once from a validated {@code JailDefinition} by the config layer.
 *
 * @param name     jail name, as in {@code [fail]}
 * @param ports    destination ports blocked; empty = all ports (fail2ban's iptables-allports)
 * @param protocol {@code -p} value of the rule (tcp, udp, sctp, all ...), lower case letters/digits only
 * @param blockType REJECT (default) or DROP
 * @param ignoreIp ranges this jail must never ban
 */
public record EnforcedJail(
        String name, List<PortRange> ports, String protocol, BlockType blockType, List<IpRange> ignoreIp) {

    /** Protocol names reach iptables' argument vector: only plain names are accepted. */
    public static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9]{0,15}");

    public EnforcedJail {
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
        ignoreIp = List.copyOf(ignoreIp);
        Objects.requireNonNull(blockType, "blockType");
        if (!PROTOCOL.matcher(protocol).matches()) {
            throw new IllegalArgumentException("protocol must be a plain name like tcp: " + protocol);
        }
    }

    /** True when the rule must match every port: no ports, the full range, or a protocol without ports. */
    public boolean allPorts() {
        final boolean fullRange =
                ports.size() == 1 && ports.get(0).from() <= 1 && ports.get(0).to() >= 65535;
        return ports.isEmpty()
                || fullRange
                || !(protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("sctp"));
    }
}
