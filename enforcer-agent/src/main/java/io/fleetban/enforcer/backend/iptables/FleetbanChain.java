package io.fleetban.enforcer.backend.iptables;

import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.fail2ban.jail.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * fleetban's own iptables/ip6tables chain {@value #CHAIN}, jumped to from INPUT, with one rule per jail
 * (and per source match). The rules mirror fail2ban's iptables-multiport action
 * ({@code -p <protocol> -m multiport --dports <port> <source match> -j <blocktype>}), or iptables-allports
 * when the jail has no ports. The chain belongs to fleetban: it is flushed and rebuilt at install, and
 * uninstall removes only the jump, the chain and its rules, never another rule of INPUT.
 */
public final class FleetbanChain {

    /** Name of fleetban's chain in the filter table. */
    public static final String CHAIN = "fleetban";
    /** iptables' multiport match takes at most 15 ports, a range counting as two. */
    static final int MULTIPORT_SLOTS = 15;
    /** Bound on removing duplicate jumps someone else inserted by hand. */
    private static final int MAX_JUMP_DELETES = 16;
    /** The jump as iptables-save prints it. */
    private static final String JUMP_RULE = "-A INPUT -j " + CHAIN;

    private final CommandRunner runner;

    public FleetbanChain(CommandRunner runner) {
        this.runner = runner;
    }

    /** Creates or flushes the chain, appends {@code rules} (from {@link #jailRules}) and ensures one jump from INPUT. */
    public void install(IpFamily family, List<List<String>> rules) throws FirewallException {
        if (runner.run(command(family, "-S", CHAIN), "").succeeded()) {
            runner.runChecked(command(family, "-F", CHAIN), "");
        } else {
            runner.runChecked(command(family, "-N", CHAIN), "");
        }
        for (List<String> rule : rules) {
            runner.runChecked(rule, "");
        }
        // Inserted first in INPUT (as fail2ban does) so an earlier ACCEPT cannot bypass a ban; checked first so a
        // restart never stacks a second jump.
        if (!runner.run(command(family, "-C", "INPUT", "-j", CHAIN), "").succeeded()) {
            insertJump(family);
        }
    }

    /**
     * What one family's filter table holds of fleetban, from one {@code iptables-save -t filter} (one process, and
     * what ufw, firewalld or {@code iptables-restore} leave behind is visible at once).
     *
     * @param chainPresent fleetban's chain exists
     * @param jumpPresent  INPUT jumps to it
     * @param rules        the chain's rules as iptables-save prints them ("-A fleetban -p tcp ...")
     */
    public record State(boolean chainPresent, boolean jumpPresent, List<String> rules) {}

    /** Reads fleetban's part of {@code family}'s filter table. */
    public State inspect(IpFamily family) throws FirewallException {
        final String saved = runner.runChecked(List.of(family.iptablesCommand() + "-save", "-t", "filter"), "")
                .stdout();
        boolean chainPresent = false;
        boolean jumpPresent = false;
        final List<String> rules = new ArrayList<>();
        for (String line : saved.lines().toList()) {
            if (line.startsWith(":" + CHAIN + " ")) {
                chainPresent = true;
            } else if (line.equals(JUMP_RULE)) {
                jumpPresent = true;
            } else if (line.startsWith("-A " + CHAIN + " ")) {
                rules.add(line);
            }
        }
        return new State(chainPresent, jumpPresent, rules);
    }

    /**
     * Rebuilds the chain with {@code rules} (from {@link #jailRules}) and, when {@code withJump}, the jump first in
     * INPUT, in one {@code iptables-restore --noflush}: one process and one atomic change, nothing else of the
     * filter table touched (declaring the chain creates it, or flushes it when it exists).
     */
    public void restore(IpFamily family, List<List<String>> rules, boolean withJump) throws FirewallException {
        final StringBuilder script = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
        for (List<String> rule : rules) {
            // jailRules spells a command ("iptables -w -A ..."); restore takes the rule from "-A" on.
            script.append(String.join(" ", rule.subList(2, rule.size()))).append('\n');
        }
        if (withJump) {
            script.append("-I INPUT 1 -j ").append(CHAIN).append('\n');
        }
        runner.runChecked(
                List.of(family.iptablesCommand() + "-restore", "-w", "--noflush"),
                script.append("COMMIT\n").toString());
    }

    /**
     * Puts the jump back where {@link #install} puts it: first in INPUT. Not moved when present further down:
     * fail2ban and others insert their own jumps at the top too, and those only drop or return.
     */
    public void insertJump(IpFamily family) throws FirewallException {
        runner.runChecked(command(family, "-I", "INPUT", "1", "-j", CHAIN), "");
    }

    /** Removes the jump(s) to the chain, then the chain and its rules; a missing chain is not an error. */
    public void uninstall(IpFamily family) throws FirewallException {
        for (int i = 0; i < MAX_JUMP_DELETES; i++) {
            if (!runner.run(command(family, "-C", "INPUT", "-j", CHAIN), "").succeeded()) {
                break;
            }
            runner.runChecked(command(family, "-D", "INPUT", "-j", CHAIN), "");
        }
        if (runner.run(command(family, "-S", CHAIN), "").succeeded()) {
            runner.runChecked(command(family, "-F", CHAIN), "");
            runner.runChecked(command(family, "-X", CHAIN), "");
        }
    }

    /**
     * The {@code -A fleetban ...} argument vectors that block {@code sourceMatch} (for example
     * {@code -m set --match-set fleetban-fail-v4 src}) on the jail's ports: one rule, or several when the ports
     * exceed multiport's 15 slots.
     */
    public static List<List<String>> jailRules(IpFamily family, EnforcedJail jail, List<String> sourceMatch) {
        final List<List<String>> rules = new ArrayList<>();
        final List<List<String>> portMatches = jail.allPorts() ? List.of(List.of()) : multiportMatches(jail.ports());
        for (List<String> portMatch : portMatches) {
            final List<String> rule = new ArrayList<>(command(family, "-A", CHAIN, "-p", jail.protocol()));
            rule.addAll(portMatch);
            rule.addAll(sourceMatch);
            rule.addAll(jail.blockType().targetArgs(family));
            rules.add(List.copyOf(rule));
        }
        return rules;
    }

    private static List<List<String>> multiportMatches(List<PortRange> ports) {
        final List<List<String>> matches = new ArrayList<>();
        final List<String> chunk = new ArrayList<>();
        int slots = 0;
        for (PortRange port : ports) {
            final int needed = port.from() == port.to() ? 1 : 2;
            if (slots + needed > MULTIPORT_SLOTS) {
                matches.add(List.of("-m", "multiport", "--dports", String.join(",", chunk)));
                chunk.clear();
                slots = 0;
            }
            chunk.add(port.from() == port.to() ? Integer.toString(port.from()) : port.from() + ":" + port.to());
            slots += needed;
        }
        matches.add(List.of("-m", "multiport", "--dports", String.join(",", chunk)));
        return matches;
    }

    /** {@code iptables -w <args>}: -w waits for the xtables lock instead of failing when another tool holds it. */
    static List<String> command(IpFamily family, String... args) {
        final List<String> argv = new ArrayList<>(List.of(family.iptablesCommand(), "-w"));
        argv.addAll(List.of(args));
        return argv;
    }
}
