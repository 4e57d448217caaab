package io.fleetban.enforcer.backend.ipset;

import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.DriftCheck;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.PendingChanges;
import io.fleetban.enforcer.backend.SetName;
import io.fleetban.enforcer.backend.iptables.ChainWatch;
import io.fleetban.enforcer.backend.iptables.FleetbanChain;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default backend: one {@code hash:net} set per jail and family with per-entry timeouts, so a ban ends on
 * the host at its expiry even when the coordinator is down, and one iptables rule per set in fleetban's chain
 * (see {@link FleetbanChain}). A batch is one script, however many decisions it holds: the fix for fail2ban's
 * one-command-per-ban restarts (fail2ban issue #3088). It goes to a long-lived {@link IpsetSession} (no process
 * start per batch), or, when that is unavailable or reports an error, or the batch is large (a restart's rebuild,
 * a reconcile), to one {@code ipset -exist restore}, streamed to it as it is rendered.
 */
public final class IpsetBackend extends BufferingBackend {

    private static final Logger LOG = LoggerFactory.getLogger(IpsetBackend.class);

    /**
     * Larger batches go to one {@code ipset restore}: the interactive session sends the kernel one request per line,
     * restore packs many lines into each, and past a few hundred lines that saves more than a process start costs.
     */
    static final int SESSION_MAX_LINES = 500;

    private static final List<String> RESTORE = List.of("ipset", "-exist", "restore");

    private final CommandRunner runner;
    private final FleetbanChain chain;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, EnforcedJail> jails = new LinkedHashMap<>();
    private final IpsetSession session;
    private final ChainWatch chainWatch;

    /** @param maxEntries {@code maxelem} of every set */
    public IpsetBackend(CommandRunner runner, Clock clock, int maxEntries) {
        this.runner = runner;
        this.chain = new FleetbanChain(runner);
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.session = new IpsetSession(runner);
        this.chainWatch = new ChainWatch(runner);
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
            for (EnforcedJail jail : jails.values()) {
                runner.runChecked(createSet(SetName.of(jail.name(), family), family), "");
            }
            chain.install(family, rules(family));
        }
        // Through the session: it starts now, so the first ban does not wait for a process to start.
        apply(canaries(), 2 * jails.size());
        LOG.info("ipset backend ready: {} jail(s), sets {}", jails.size(), setNames());
    }

    /** The chain's rules of one family: each jail's ports matched against its set. */
    private List<List<String>> rules(IpFamily family) {
        final List<List<String>> rules = new ArrayList<>();
        for (EnforcedJail jail : jails.values()) {
            final String set = SetName.of(jail.name(), family);
            rules.addAll(FleetbanChain.jailRules(family, jail, List.of("-m", "set", "--match-set", set, "src")));
        }
        return rules;
    }

    @Override
    public boolean checksDrift() {
        return true;
    }

    /**
     * Cheap first, every interval: one {@code test} of each set's canary in the long-lived ipset session (a flushed
     * or destroyed set has lost it) and {@link ChainWatch}'s look at the jump and the chain. Only when either sees
     * something amiss (or cannot tell, as with iptables-legacy) does the check read {@code ipset list -n} and
     * {@code iptables-save}: a missing set is created again, a set without its canary refilled by the caller, a
     * missing or altered chain rebuilt and a missing jump inserted first in INPUT again. Sets come first: the
     * chain's rules cannot name a set that does not exist. Entries deleted one by one are the reconcile's to find.
     */
    @Override
    public DriftCheck checkDrift(ExpectedEntries expected) throws FirewallException {
        final Set<String> unmarked = setsWithoutCanary();
        final Map<IpFamily, Integer> ruleCounts = new EnumMap<>(IpFamily.class);
        for (IpFamily family : IpFamily.values()) {
            ruleCounts.put(family, rules(family).size());
        }
        final boolean chainsIntact = chainWatch.intact(ruleCounts);
        if (unmarked.isEmpty() && chainsIntact) {
            return DriftCheck.NONE;
        }
        final DriftCheck.Builder found = new DriftCheck.Builder();
        if (!unmarked.isEmpty()) {
            repairSets(unmarked, found);
        }
        if (!chainsIntact) {
            repairChains(found);
        }
        return found.build();
    }

    /** The sets whose canary is gone: one {@code test} each, in the session (or one process each without it). */
    private Set<String> setsWithoutCanary() throws FirewallException {
        final StringBuilder tests = new StringBuilder();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                tests.append("test ")
                        .append(SetName.of(jail.name(), family))
                        .append(' ')
                        .append(family.canary())
                        .append('\n');
            }
        }
        // ipset answers a test on stderr either way: "<entry> is in set <set>." or "... is NOT in set ...".
        final Optional<String> answers = session.run(tests.toString());
        final Set<String> unmarked = new HashSet<>();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                final String set = SetName.of(jail.name(), family);
                final boolean marked = answers.isPresent()
                        ? answers.get().contains(family.canary() + " is in set " + set + ".")
                        : runner.run(List.of("ipset", "test", set, family.canary()), "")
                                .succeeded();
                if (!marked) {
                    unmarked.add(set);
                }
            }
        }
        return unmarked;
    }

    /** Creates the missing sets among {@code unmarked} and puts every canary back; the caller refills. */
    private void repairSets(Set<String> unmarked, DriftCheck.Builder found) throws FirewallException {
        final Set<String> existing = Set.copyOf(runner.runChecked(List.of("ipset", "list", "-n"), "")
                .stdout()
                .lines()
                .map(String::strip)
                .toList());
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                final String set = SetName.of(jail.name(), family);
                if (!existing.contains(set)) {
                    runner.runChecked(createSet(set, family), "");
                    found.repaired(DriftCheck.Part.SET, "ipset " + set).refill();
                } else if (unmarked.contains(set)) {
                    found.repaired(DriftCheck.Part.ENTRIES, "ipset " + set + " was flushed")
                            .refill();
                }
            }
        }
        apply(canaries(), 2 * jails.size());
    }

    private void repairChains(DriftCheck.Builder found) throws FirewallException {
        for (IpFamily family : IpFamily.values()) {
            final FleetbanChain.State state = chain.inspect(family);
            final String where = family.iptablesCommand() + " chain " + FleetbanChain.CHAIN;
            if (!state.chainPresent() || !rulesIntact(family, state.rules())) {
                chain.restore(family, rules(family), !state.jumpPresent());
                found.repaired(state.chainPresent() ? DriftCheck.Part.RULES : DriftCheck.Part.CHAIN, where);
            } else if (!state.jumpPresent()) {
                chain.insertJump(family);
            }
            if (!state.jumpPresent()) {
                found.repaired(DriftCheck.Part.JUMP, family.iptablesCommand() + " INPUT -j " + FleetbanChain.CHAIN);
            }
        }
    }

    /** Each set's canary, as permanent entries ({@code -exist}: adding one again is harmless). */
    private String canaries() {
        final StringBuilder script = new StringBuilder();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                script.append("add ")
                        .append(SetName.of(jail.name(), family))
                        .append(' ')
                        .append(family.canary())
                        .append(" timeout 0\n");
            }
        }
        return script.toString();
    }

    /** Applies restore lines in the session, or as one {@code ipset -exist restore} when large or it fails. */
    private void apply(String script, int lines) throws FirewallException {
        if (lines > SESSION_MAX_LINES || !session.apply(script)) {
            runner.runChecked(RESTORE, script);
        }
    }

    /** As many rules as fleetban installs, each jail's set matched by one of them. */
    private boolean rulesIntact(IpFamily family, List<String> saved) {
        if (saved.size() != rules(family).size()) {
            return false;
        }
        for (EnforcedJail jail : jails.values()) {
            final String match = "--match-set " + SetName.of(jail.name(), family) + " src";
            if (saved.stream().noneMatch(rule -> rule.contains(match))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code timeout 0} gives the set per-entry timeouts with "permanent" as the default. The hash table starts at
     * the size the kernel would grow it to at about half of {@code maxelem}, rather than ipset's 1024 buckets:
     * growing it rehashes every entry again at each doubling, which costs a restart's rebuild a quarter of
     * ipset's CPU, for 8 bytes of kernel memory per bucket (512 KiB per set at the default max.entries).
     * {@code -exist} still accepts a set created with another hashsize (the kernel ignores it when comparing).
     */
    public List<String> createSet(String set, IpFamily family) {
        return List.of(
                "ipset",
                "-exist",
                "create",
                set,
                "hash:net",
                "family",
                family.ipsetFamily(),
                "hashsize",
                Integer.toString(hashSize(maxEntries)),
                "timeout",
                "0",
                "maxelem",
                Integer.toString(maxEntries));
    }

    /** {@link #createSet}'s command as a restore script's line. */
    public String createLine(String set, IpFamily family) {
        final List<String> argv = createSet(set, family);
        return String.join(" ", argv.subList(2, argv.size()));
    }

    /** Half of {@code maxEntries}, as a power of two, at least ipset's default 1024. */
    static int hashSize(int maxEntries) {
        return Math.max(1024, Integer.highestOneBit(Math.max(1, maxEntries)) / 2);
    }

    @Override
    public CommitSummary commit() throws FirewallException {
        final PendingChanges.Batch batch = pending.drainForJails(jails.keySet());
        if (batch.isEmpty()) {
            return CommitSummary.EMPTY;
        }
        final Instant now = clock.instant();
        final int lines = batch.removes().size() + batch.adds().size();
        if (lines > SESSION_MAX_LINES) {
            // Streamed: ipset applies the first lines while the rest are rendered.
            runner.runChecked(
                    RESTORE, out -> IpsetScript.write(batch.removes(), batch.adds(), now, this::createLine, out));
        } else {
            apply(IpsetScript.render(batch.removes(), batch.adds(), now, this::createLine), lines);
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
                    if (entry.equals(family.canary())) {
                        continue;
                    }
                    entries.add(new BanKey(jail.name(), IpRange.parse(entry)));
                }
            }
        }
        return entries;
    }

    @Override
    public void shutdown() throws FirewallException {
        session.close();
        chainWatch.close();
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
