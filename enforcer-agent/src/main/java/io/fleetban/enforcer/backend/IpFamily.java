package io.fleetban.enforcer.backend;

/**
 * An address family as the Linux firewall tools spell it. fleetban keeps IPv4 and IPv6 state apart
 * (one set and one rule per family), as cs-firewall-bouncer keeps a v4 and a v6 context.
 */
public enum IpFamily {
    IPV4("v4", "inet", "iptables", "icmp-port-unreachable", "255.255.255.255"),
    IPV6("v6", "inet6", "ip6tables", "icmp6-port-unreachable", "ff00::");

    private final String suffix;
    private final String ipsetFamily;
    private final String iptablesCommand;
    private final String rejectWith;
    private final String canary;

    IpFamily(String suffix, String ipsetFamily, String iptablesCommand, String rejectWith, String canary) {
        this.suffix = suffix;
        this.ipsetFamily = ipsetFamily;
        this.iptablesCommand = iptablesCommand;
        this.rejectWith = rejectWith;
        this.canary = canary;
    }

    /** "v4" or "v6": the tail of fleetban's set names. */
    public String suffix() {
        return suffix;
    }

    /** {@code family inet|inet6} of {@code ipset create}. */
    public String ipsetFamily() {
        return ipsetFamily;
    }

    /** iptables for IPv4, ip6tables for IPv6. */
    public String iptablesCommand() {
        return iptablesCommand;
    }

    /** The ICMP answer of a REJECT, as fail2ban's iptables-common.conf sets it per family. */
    public String rejectWith() {
        return rejectWith;
    }

    /**
     * The permanent entry fleetban keeps in each of its sets, so that a drift check can ask for one entry (cheap at
     * any set size) to see whether the set was flushed. It blocks nothing: the kernel drops a packet from the
     * broadcast address or a multicast address before any rule sees it, and no ban may cover either.
     */
    public String canary() {
        return canary;
    }

    public static IpFamily of(boolean v6) {
        return v6 ? IPV6 : IPV4;
    }
}
