package io.fleetban.enforcer.backend.nft;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.SetName;
import io.fleetban.fail2ban.jail.PortRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the {@code nft -f -} scripts of the nftables backend. fleetban owns the table {@code inet fleetban}:
 * per jail and family one set of single addresses and one interval set of prefixes (so a host inside a banned
 * prefix never makes the kernel refuse a batch for overlapping intervals), both with per-element timeouts, and
 * one chain hooked into input with the jail's rules. Each script is one kernel transaction.
 */
public final class NftScript {

    /** fleetban's table, family inet (IPv4 and IPv6). */
    public static final String TABLE = "inet fleetban";
    /** The largest per-element timeout fleetban writes; reconcile re-adds a longer ban when it runs out. */
    public static final long MAX_TIMEOUT_SECONDS = 2_147_483L;
    /** Runs just before the usual filter chains (priority 0), so their accepts cannot bypass a ban. */
    static final int PRIORITY = -1;

    private NftScript() {}

    /** Set of single addresses of a jail and family, e.g. fleetban-fail-v4. */
    public static String hostSet(String jail, IpFamily family) {
        return SetName.of(jail, family);
    }

    /** Interval set of prefixes of a jail and family, e.g. fleetban-fail-v4-nets. */
    public static String netSet(String jail, IpFamily family) {
        return SetName.of(jail, family) + "-nets";
    }

    static String setOf(BanKey key) {
        final boolean host = key.target().prefixLength() == (key.target().isV6() ? 128 : 32);
        return host ? hostSet(key.jail(), key.family()) : netSet(key.jail(), key.family());
    }

    /**
     * Creates the table, sets and chain if missing (keeping the elements of existing sets across restarts) and
     * rewrites the chain's rules, all in one transaction.
     */
    public static String init(List<EnforcedJail> jails, int maxEntries) {
        final StringBuilder script = new StringBuilder("add table " + TABLE + "\n");
        for (EnforcedJail jail : jails) {
            for (IpFamily family : IpFamily.values()) {
                final String type = family == IpFamily.IPV4 ? "ipv4_addr" : "ipv6_addr";
                script.append("add set ")
                        .append(TABLE)
                        .append(' ')
                        .append(hostSet(jail.name(), family))
                        .append(" { type ")
                        .append(type)
                        .append("; flags timeout; size ")
                        .append(maxEntries)
                        .append("; }\n");
                script.append("add set ")
                        .append(TABLE)
                        .append(' ')
                        .append(netSet(jail.name(), family))
                        .append(" { type ")
                        .append(type)
                        .append("; flags interval, timeout; size ")
                        .append(maxEntries)
                        .append("; }\n");
            }
        }
        for (EnforcedJail jail : jails) {
            for (IpFamily family : IpFamily.values()) {
                for (String set : List.of(hostSet(jail.name(), family), netSet(jail.name(), family))) {
                    script.append("add element ")
                            .append(TABLE)
                            .append(' ')
                            .append(set)
                            .append(" { ")
                            .append(family.canary())
                            .append(" }\n");
                }
            }
        }
        script.append("add chain ")
                .append(TABLE)
                .append(" input { type filter hook input priority ")
                .append(PRIORITY)
                .append("; policy accept; }\n");
        script.append("flush chain ").append(TABLE).append(" input\n");
        for (EnforcedJail jail : jails) {
            for (IpFamily family : IpFamily.values()) {
                script.append(rule(jail, family, hostSet(jail.name(), family)));
                script.append(rule(jail, family, netSet(jail.name(), family)));
            }
        }
        return script.toString();
    }

    /** Every set {@link #init} creates for {@code jails}: host and prefix set per jail and family. */
    public static List<String> setNames(List<EnforcedJail> jails) {
        final List<String> names = new ArrayList<>();
        for (EnforcedJail jail : jails) {
            for (IpFamily family : IpFamily.values()) {
                names.add(hostSet(jail.name(), family));
                names.add(netSet(jail.name(), family));
            }
        }
        return names;
    }

    /**
     * fleetban's table as {@code nft -t list table inet fleetban} or {@code nft list chains inet} shows it (other
     * tables in the listing are skipped).
     *
     * @param tablePresent the table is in the listing
     * @param sets         the sets' names (none in a listing of chains)
     * @param inputHooked  the chain {@code input} exists and is hooked into input
     * @param rules        the rules of that chain that match a set (none in a listing of chains)
     */
    public record Listing(boolean tablePresent, Set<String> sets, boolean inputHooked, int rules) {}

    /** Reads a listing (one table, set or chain header per line, rules one per line). */
    public static Listing parseTerse(String listing) {
        final Set<String> sets = new HashSet<>();
        boolean ours = false;
        boolean present = false;
        boolean inInput = false;
        boolean hooked = false;
        int rules = 0;
        for (String raw : listing.lines().toList()) {
            final String line = raw.strip();
            if (line.startsWith("table ") && line.endsWith("{")) {
                ours = line.equals("table " + TABLE + " {");
                present |= ours;
                inInput = false;
            } else if (!ours) {
                continue;
            } else if (line.startsWith("set ") && line.endsWith("{")) {
                sets.add(line.substring("set ".length(), line.length() - 1).strip());
                inInput = false;
            } else if (line.startsWith("chain ") && line.endsWith("{")) {
                inInput = line.equals("chain input {");
            } else if (inInput && line.startsWith("type filter hook input ")) {
                hooked = true;
            } else if (inInput && line.contains(" saddr @")) {
                rules++;
            }
        }
        return new Listing(present, Set.copyOf(sets), hooked, rules);
    }

    /** Asks to add {@code family}'s canary to {@code set} and fails ("File exists") when it is there. */
    public static String createCanary(String set, IpFamily family) {
        return "create element " + TABLE + " " + set + " { " + family.canary() + " }\n";
    }

    /**
     * What {@code nft -i} wrote to stderr for {@link #createCanary} lines: the error of each set whose create
     * failed, read from nft's echo of the failed command after its error line. A set not named had lost its
     * canary (it is back now); "File exists" means the canary was in place.
     */
    public static Map<String, String> canaryErrors(String stderr) {
        final Map<String, String> errors = new HashMap<>();
        final List<String> lines = stderr.lines().toList();
        final String prefix = "create element " + TABLE + " ";
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                errors.put(lines.get(i).substring(prefix.length()).split(" ", 2)[0], lines.get(i - 1));
            }
        }
        return errors;
    }

    /** One rule: fail2ban's iptables-multiport (or -allports) match, written in nft. */
    static String rule(EnforcedJail jail, IpFamily family, String set) {
        final List<String> parts = new ArrayList<>(
                List.of("add rule", TABLE, "input", family == IpFamily.IPV4 ? "ip saddr" : "ip6 saddr", "@" + set));
        // protocol "all" matches every packet from the banned address, as iptables' "-p all" does
        if (!jail.protocol().equals("all")) {
            parts.add(
                    jail.allPorts()
                            ? "meta l4proto " + jail.protocol()
                            : jail.protocol() + " dport { " + ports(jail.ports()) + " }");
        }
        parts.add(
                jail.blockType() == BlockType.DROP
                        ? "drop"
                        : family == IpFamily.IPV4
                                ? "reject with icmp type port-unreachable"
                                : "reject with icmpv6 type port-unreachable");
        return String.join(" ", parts) + "\n";
    }

    private static String ports(List<PortRange> ports) {
        return ports.stream()
                .map(p -> p.from() == p.to() ? Integer.toString(p.from()) : p.from() + "-" + p.to())
                .collect(Collectors.joining(", "));
    }

    /**
     * One batch: deletes, then adds. nft has no "ignore if absent" for deletes (before 1.0.8), so each delete is
     * preceded by an add of the same element, and each add by add+delete so an existing element gets its new
     * timeout: the transaction never fails on the firewall's current contents.
     */
    public static String batch(Collection<BanKey> removes, Collection<Ban> adds, Instant now) {
        final StringBuilder script = new StringBuilder();
        for (BanKey key : removes) {
            script.append(element("add", key, "")).append(element("delete", key, ""));
        }
        for (Ban ban : adds) {
            final long seconds = ban.remainingSeconds(now, MAX_TIMEOUT_SECONDS);
            script.append(element("add", ban.key(), ""))
                    .append(element("delete", ban.key(), ""))
                    .append(element("add", ban.key(), seconds == 0 ? "" : " timeout " + seconds + "s"));
        }
        return script.toString();
    }

    private static String element(String verb, BanKey key, String suffix) {
        return verb + " element " + TABLE + " " + setOf(key) + " { " + key.entryText() + suffix + " }\n";
    }

    /** Set name to its elements, from {@code nft list table} output: each set's block read by {@link #parseElements}. */
    public static Map<String, List<String>> parseSetElements(String tableListing) {
        final Map<String, List<String>> sets = new HashMap<>();
        String name = null;
        final StringBuilder block = new StringBuilder();
        for (String raw : tableListing.lines().toList()) {
            final String line = raw.strip();
            if ((line.startsWith("set ") || line.startsWith("chain ")) && line.endsWith("{")) {
                if (name != null) {
                    sets.put(name, parseElements(block.toString()));
                }
                name = line.startsWith("set ")
                        ? line.substring("set ".length(), line.length() - 1).strip()
                        : null;
                block.setLength(0);
            } else if (name != null) {
                block.append(line).append('\n');
            }
        }
        if (name != null) {
            sets.put(name, parseElements(block.toString()));
        }
        return sets;
    }

    /**
     * The elements of {@code nft list set} output, e.g. "elements = { 10.0.0.0/8, 198.51.100.2 timeout 30s
     * expires 29s }" gives "10.0.0.0/8" and "198.51.100.2". An empty set prints no elements line.
     */
    public static List<String> parseElements(String listOutput) {
        final int start = listOutput.indexOf("elements = {");
        if (start < 0) {
            return List.of();
        }
        final int end = listOutput.indexOf('}', start);
        final String body = listOutput.substring(start + "elements = {".length(), end);
        final List<String> elements = new ArrayList<>();
        for (String element : body.split(",")) {
            final String trimmed = element.strip();
            if (!trimmed.isEmpty()) {
                elements.add(trimmed.split("\\s+", 2)[0]);
            }
        }
        return elements;
    }
}
