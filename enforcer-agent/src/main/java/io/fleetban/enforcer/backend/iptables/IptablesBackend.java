package io.fleetban.enforcer.backend.iptables;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.DriftCheck;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.PendingChanges;
import io.fleetban.enforcer.backend.SetName;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain iptables, for hosts without ipset: one rule per ban in fleetban's chain, as fail2ban's iptables-multiport
 * action adds them, tagged with a comment naming the jail's set. Each batch rewrites the whole chain atomically with
 * one {@code iptables-restore --noflush} per family that changed. iptables has no per-rule timeout, so bans end
 * when the enforcer removes them (it does at expiry); the cost grows with the number of bans, which is why ipset
 * is the default.
 */
public final class IptablesBackend extends BufferingBackend {

    private static final Logger LOG = LoggerFactory.getLogger(IptablesBackend.class);

    private final CommandRunner runner;
    private final FleetbanChain chain;
    private final Clock clock;
    private final Map<String, EnforcedJail> jails = new LinkedHashMap<>();
    /** The rule tag ("fleetban-fail-v4") of each jail and family, and back. */
    private final Map<String, String> jailOfTag = new HashMap<>();

    private final Map<BanKey, Ban> applied = new LinkedHashMap<>();

    public IptablesBackend(CommandRunner runner, Clock clock) {
        this.runner = runner;
        this.chain = new FleetbanChain(runner);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "iptables";
    }

    /** Starts with an empty chain: the enforcer's reconcile right after start puts the active bans back. */
    @Override
    public void init(List<EnforcedJail> enforcedJails) throws FirewallException {
        jails.clear();
        jailOfTag.clear();
        applied.clear();
        for (EnforcedJail jail : enforcedJails) {
            jails.put(jail.name(), jail);
            for (IpFamily family : IpFamily.values()) {
                jailOfTag.put(SetName.of(jail.name(), family), jail.name());
            }
        }
        for (IpFamily family : IpFamily.values()) {
            chain.install(family, List.of());
        }
        LOG.info("iptables backend ready: chain {} for {} jail(s)", FleetbanChain.CHAIN, jails.size());
    }

    @Override
    public CommitSummary commit() throws FirewallException {
        final PendingChanges.Batch batch = pending.drain(applied::containsKey, key -> jails.containsKey(key.jail()));
        final Map<BanKey, Ban> next = new LinkedHashMap<>(applied);
        final Set<IpFamily> changed = new HashSet<>();
        batch.removes().forEach(key -> {
            changed.add(key.family());
            next.remove(key);
        });
        batch.adds().forEach(ban -> {
            changed.add(ban.key().family());
            next.put(ban.key(), ban);
        });
        next.values().removeIf(ban -> ban.isExpiredAt(clock.instant()));
        for (IpFamily family : changed) {
            runner.runChecked(
                    List.of(family.iptablesCommand() + "-restore", "-w", "--noflush"), restoreScript(family, next));
        }
        applied.clear();
        applied.putAll(next);
        return batch.summary();
    }

    /** The whole chain for one family: declaring the chain flushes it, then one rule per ban (and port chunk). */
    String restoreScript(IpFamily family, Map<BanKey, Ban> bans) {
        final StringBuilder script = new StringBuilder("*filter\n:" + FleetbanChain.CHAIN + " - [0:0]\n");
        for (BanKey key : bans.keySet()) {
            if (key.family() != family) {
                continue;
            }
            final List<String> source =
                    List.of("-s", key.entryText(), "-m", "comment", "--comment", SetName.of(key.jail(), family));
            for (List<String> rule : FleetbanChain.jailRules(family, jails.get(key.jail()), source)) {
                // jailRules spells a command ("iptables -w -A ..."); restore takes the rule from "-A" on.
                script.append(String.join(" ", rule.subList(2, rule.size()))).append('\n');
            }
        }
        return script.append("COMMIT\n").toString();
    }

    @Override
    public boolean checksDrift() {
        return true;
    }

    /**
     * One {@code iptables-save -t filter} per family (it prints every ban's rule, so this check costs more as bans
     * grow, like everything in this backend): a missing chain or a rule count other than the bans' is rewritten
     * from the bans this backend applied, and a missing jump is inserted first in INPUT again. The bans are the
     * rules here, so nothing is left for the caller to refill.
     */
    @Override
    public DriftCheck checkDrift(ExpectedEntries expected) throws FirewallException {
        final DriftCheck.Builder found = new DriftCheck.Builder();
        for (IpFamily family : IpFamily.values()) {
            final FleetbanChain.State state = chain.inspect(family);
            final String script = restoreScript(family, applied);
            final long rules =
                    script.lines().filter(line -> line.startsWith("-A ")).count();
            if (!state.chainPresent() || state.rules().size() != rules) {
                runner.runChecked(List.of(family.iptablesCommand() + "-restore", "-w", "--noflush"), script);
                found.repaired(
                        state.chainPresent() ? DriftCheck.Part.RULES : DriftCheck.Part.CHAIN,
                        family.iptablesCommand() + " chain " + FleetbanChain.CHAIN);
            }
            if (!state.jumpPresent()) {
                chain.insertJump(family);
                found.repaired(DriftCheck.Part.JUMP, family.iptablesCommand() + " INPUT -j " + FleetbanChain.CHAIN);
            }
        }
        return found.build();
    }

    @Override
    public Set<BanKey> list() throws FirewallException {
        final Set<BanKey> entries = new HashSet<>();
        for (IpFamily family : IpFamily.values()) {
            final String rules = runner.runChecked(
                            List.of(family.iptablesCommand(), "-w", "-S", FleetbanChain.CHAIN), "")
                    .stdout();
            for (String line : rules.lines().toList()) {
                final List<String> tokens = List.of(line.split(" "));
                final int source = tokens.indexOf("-s");
                final int comment = tokens.indexOf("--comment");
                if (source > 0
                        && comment > 0
                        && comment + 1 < tokens.size()
                        && jailOfTag.containsKey(tokens.get(comment + 1))) {
                    entries.add(
                            new BanKey(jailOfTag.get(tokens.get(comment + 1)), IpRange.parse(tokens.get(source + 1))));
                }
            }
        }
        return entries;
    }

    @Override
    public void shutdown() throws FirewallException {
        for (IpFamily family : IpFamily.values()) {
            chain.uninstall(family);
        }
        applied.clear();
    }
}
