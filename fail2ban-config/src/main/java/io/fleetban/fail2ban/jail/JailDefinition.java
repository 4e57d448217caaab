package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.value.IpRange;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One jail from jail.conf / jail.d / jail.local, fully resolved: everything fleetban's agents need, typed.
 *
 * @param name          the jail (section) name
 * @param enabled       fail2ban's {@code enabled}
 * @param filterName    filter file name from {@code filter = name[...]}
 * @param filterOptions parameters for the filter: those written in {@code filter = name[...]}, {@code logtype}
 *                      (file or journal, from the backend, as fail2ban's jail reader sets it), and the jail's own
 *                      {@code failregex}, {@code ignoreregex}, {@code prefregex}, {@code maxlines},
 *                      {@code datepattern}, {@code journalmatch}, {@code usedns}, {@code logtimezone},
 *                      {@code logencoding} when set; pass them to {@code FilterReader.read}
 * @param logPaths      {@code logpath} entries (glob patterns, not expanded; fail2ban's " head"/" tail" suffix
 *                      removed); empty for a systemd backend, which fail2ban also ignores logpath for
 * @param backend       {@code backend}: auto, polling, pyinotify, systemd (possibly with [options])
 * @param policy        maxretry / findtime / bantime
 * @param ports         from {@code port}; empty = all ports
 * @param protocol      {@code protocol}: tcp, udp, ... (fail2ban's default tcp)
 * @param ignoreIp      {@code ignoreip} networks, never banned
 * @param blocktype     the ban action's {@code blocktype} as fail2ban would use it
 *                      (e.g. "REJECT --reject-with icmp-port-unreachable", "DROP"); "REJECT" when unknown
 */
public record JailDefinition(
        String name,
        boolean enabled,
        String filterName,
        Map<String, String> filterOptions,
        List<String> logPaths,
        String backend,
        JailPolicy policy,
        List<PortRange> ports,
        String protocol,
        List<IpRange> ignoreIp,
        String blocktype) {

    /** Validates and freezes the record. */
    public JailDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filterName, "filterName");
        filterOptions = Map.copyOf(filterOptions);
        logPaths = List.copyOf(logPaths);
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(policy, "policy");
        ports = List.copyOf(ports);
        Objects.requireNonNull(protocol, "protocol");
        ignoreIp = List.copyOf(ignoreIp);
        Objects.requireNonNull(blocktype, "blocktype");
    }

    /** True when the jail reads the systemd journal instead of log files. */
    public boolean usesJournal() {
        return backend.startsWith("systemd");
    }
}
