package io.fleetban.enforcer.backend.iptables;

import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.ToolSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cheap half of checking {@link FleetbanChain}: whether INPUT still jumps to fleetban's chain and the chain
 * holds as many rules as fleetban installed, in both families, asked of one long-lived {@code nft -i}. That works
 * where iptables is iptables-nft (its tables are nftables tables, listed read-only here), and costs a pipe write
 * and a netlink dump of two small chains per family instead of an {@code iptables-save} process per family. With
 * iptables-legacy, or without nft, it cannot tell, and the caller reads {@code iptables-save} as before.
 */
public final class ChainWatch implements AutoCloseable {

    static final List<String> ARGV = List.of("stdbuf", "-oL", "nft", "-i");
    /** Answers on stdout with a line no listing contains. */
    static final String BARRIER = "describe ip saddr";

    private static final String BARRIER_ANSWER = "payload expression";

    private final CommandRunner runner;
    private final ToolSession session;
    /** Whether iptables is iptables-nft; asked once. */
    private Boolean nftBased;

    public ChainWatch(CommandRunner runner) {
        this.runner = runner;
        this.session = new ToolSession(runner, ARGV, BARRIER, BARRIER_ANSWER);
    }

    /**
     * True when, in each family, INPUT jumps to fleetban's chain and that chain holds {@code rules.get(family)}
     * rules; false when anything differs or this cannot tell (then the caller inspects with iptables-save, which
     * also repairs).
     */
    public boolean intact(Map<IpFamily, Integer> rules) {
        try {
            if (!nftBased()) {
                return false;
            }
            final StringBuilder commands = new StringBuilder();
            for (IpFamily family : IpFamily.values()) {
                commands.append("list chain ")
                        .append(table(family))
                        .append(" INPUT\n")
                        .append("list chain ")
                        .append(table(family))
                        .append(' ')
                        .append(FleetbanChain.CHAIN)
                        .append('\n');
            }
            final Optional<ToolSession.Answer> answer = session.exchange(commands.toString());
            return answer.isPresent()
                    && errorFree(answer.get().stderr())
                    && matches(parse(answer.get().stdout()), rules);
        } catch (FirewallException e) {
            // No nft, or it died: say "cannot tell", so the caller's iptables-save decides and reports.
            return false;
        }
    }

    private boolean nftBased() throws FirewallException {
        if (nftBased == null) {
            nftBased = runner.run(List.of("iptables", "-V"), "").stdout().contains("nf_tables");
        }
        return nftBased;
    }

    private static String table(IpFamily family) {
        return family == IpFamily.IPV4 ? "ip filter" : "ip6 filter";
    }

    /** nft warns on stderr that iptables-nft manages these tables; any other line is an error (a table missing). */
    static boolean errorFree(String stderr) {
        return stderr.lines().allMatch(line -> line.isBlank() || line.startsWith("# Warning"));
    }

    /** A jump (or more: someone else's duplicate does no harm) and exactly fleetban's rules, in each family. */
    private static boolean matches(Map<String, Integer> found, Map<IpFamily, Integer> rules) {
        for (IpFamily family : IpFamily.values()) {
            if (found.getOrDefault(table(family) + " jump", 0) < 1
                    || !Integer.valueOf(rules.getOrDefault(family, 0)).equals(found.get(table(family) + " rules"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the listings of INPUT and fleetban's chain: per table, how many rules of INPUT jump to fleetban and how
     * many rules fleetban's chain holds (absent when the chain is).
     */
    static Map<String, Integer> parse(String listing) {
        final Map<String, Integer> found = new HashMap<>();
        String table = null;
        String key = null;
        for (String raw : listing.lines().toList()) {
            final String line = raw.strip();
            if (line.startsWith("table ") && line.endsWith("{")) {
                table = line.substring("table ".length(), line.length() - 1).strip();
            } else if (line.startsWith("chain ") && line.endsWith("{")) {
                final String chain =
                        line.substring("chain ".length(), line.length() - 1).strip();
                key = chain.equals("INPUT")
                        ? table + " jump"
                        : chain.equals(FleetbanChain.CHAIN) ? table + " rules" : null;
                if (key != null && key.endsWith("rules")) {
                    found.putIfAbsent(key, 0);
                }
            } else if (key == null || line.isEmpty() || line.equals("}") || line.startsWith("type ")) {
                continue;
            } else if (key.endsWith("rules") || line.endsWith(" jump " + FleetbanChain.CHAIN)) {
                found.merge(key, 1, Integer::sum);
            }
        }
        return found;
    }

    @Override
    public void close() {
        session.close();
    }
}
