package io.fleetban.enforcer.backend.ipset;

import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.PendingChanges;
import io.fleetban.enforcer.backend.SetName;
import io.fleetban.enforcer.backend.iptables.FleetbanChain;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default backend: one {@code hash:net} set per jail and family with per-entry timeouts, so a ban ends on
 * the host at its expiry even when the coordinator is down, and one iptables rule per set in fleetban's chain
 * (see {@link FleetbanChain}). A batch is one script, however many decisions it holds: the fix for fail2ban's
 * one-command-per-ban restarts (fail2ban issue #3088). It goes to a long-lived {@link IpsetSession} (no process
 * start per batch), or, when that is unavailable or reports an error, to one {@code ipset -exist restore}.
 */
public final class IpsetBackend extends BufferingBackend {

    private static final Logger LOG = LoggerFactory.getLogger(IpsetBackend.class);

    private final CommandRunner runner;
    private final FleetbanChain chain;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, EnforcedJail> jails = new LinkedHashMap<>();
    private final IpsetSession session;

    /** @param maxEntries {@code maxelem} of every set */
    public IpsetBackend(CommandRunner runner, Clock clock, int maxEntries) {
        this.runner = runner;
        this.chain = new FleetbanChain(runner);
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.session = new IpsetSession(runner);
    }

    @Override
    public String name() {
        return "ipset";
    }

    @Override
    public void init(List<EnforcedJail> enforcedJails) throws FirewallException {
        jails.clear();
        enforcedJails.forEach(jail -> jails.put(jail.name(), jail));
        for (IpFamily family : IpFamily.values()) {
            final List<List<String>> rules = new ArrayList<>();
            for (EnforcedJail jail : jails.values()) {
                final String set = SetName.of(jail.name(), family);
                runner.runChecked(createSet(set, family), "");
                rules.addAll(FleetbanChain.jailRules(family, jail, List.of("-m", "set", "--match-set", set, "src")));
            }
            chain.install(family, rules);
        }
        // Start the session now (an empty batch), so the first ban does not wait for a process to start.
        session.apply("");
        LOG.info("ipset backend ready: {} jail(s), sets {}", jails.size(), setNames());
    }

    /** {@code timeout 0} gives the set per-entry timeouts with "permanent" as the default. */
    List<String> createSet(String set, IpFamily family) {
        return List.of("ipset", "-exist", "create", set, "hash:net", "family", family.ipsetFamily(),
                "timeout", "0", "maxelem", Integer.toString(maxEntries));
    }

    @Override
    public CommitSummary commit() throws FirewallException {
        final PendingChanges.Batch batch = pending.drainForJails(jails.keySet());
        if (batch.isEmpty()) {
            return CommitSummary.EMPTY;
        }
        final String script = IpsetScript.render(batch.removes(), batch.adds(), clock.instant());
        if (!session.apply(script)) {
            runner.runChecked(List.of("ipset", "-exist", "restore"), script);
        }
        return batch.summary();
    }

    @Override
    public Set<BanKey> list() throws FirewallException {
        final Set<BanKey> entries = new HashSet<>();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                final String set = SetName.of(jail.name(), family);
                final CommandResult saved = runner.runChecked(List.of("ipset", "save", set), "");
                for (String entry : IpsetScript.parseSave(set, saved.stdout())) {
                    entries.add(new BanKey(jail.name(), IpRange.parse(entry)));
                }
            }
        }
        return entries;
    }

    @Override
    public void shutdown() throws FirewallException {
        session.close();
        FirewallException first = null;
        for (IpFamily family : IpFamily.values()) {
            try {
                chain.uninstall(family);
            } catch (FirewallException e) {
                LOG.warn("shutdown step failed, continuing with the rest: {}", e.getMessage());
                first = first == null ? e : first;
            }
        }
        // Sets can only be destroyed once no rule references them, hence after the chains.
        for (String set : setNames()) {
            try {
                if (runner.run(List.of("ipset", "list", "-n", set), "").succeeded()) {
                    runner.runChecked(List.of("ipset", "destroy", set), "");
                }
            } catch (FirewallException e) {
                LOG.warn("shutdown step failed, continuing with the rest: {}", e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<String> setNames() {
        final List<String> names = new ArrayList<>();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                names.add(SetName.of(jail.name(), family));
            }
        }
        return names;
    }
}
