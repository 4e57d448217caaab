package io.fleetban.enforcer.backend.nft;

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
import io.fleetban.enforcer.backend.ToolSession;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nftables backend: fleetban's own table {@code inet fleetban} with timeout sets (see {@link NftScript}); every
 * batch is one {@code nft -f -} transaction, applied atomically or not at all. Shutdown deletes the table and
 * nothing else.
 */
public final class NftablesBackend extends BufferingBackend {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesBackend.class);
    private static final List<String> NFT_SCRIPT = List.of("nft", "-f", "-");
    static final List<String> SESSION = List.of("stdbuf", "-oL", "nft", "-t", "-i");
    /** Up to this many bans held, each drift check lists the table's rules too (see {@link #checkDrift}). */
    static final int RULES_LISTED_UP_TO = 2_000;

    private final CommandRunner runner;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, EnforcedJail> jails = new LinkedHashMap<>();
    private final ToolSession session;
    /** The input chain's rules in the last full listing (reconcile's), or -1 once a drift check used it. */
    private int rulesAtLastList = -1;

    public NftablesBackend(CommandRunner runner, Clock clock, int maxEntries) {
        this.runner = runner;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.session = new ToolSession(runner, SESSION, "describe ip saddr", "payload expression");
    }

    @Override
    public String name() {
        return "nftables";
    }

    @Override
    public void init(List<EnforcedJail> enforcedJails) throws FirewallException {
        jails.clear();
        enforcedJails.forEach(jail -> jails.put(jail.name(), jail));
        runner.runChecked(NFT_SCRIPT, NftScript.init(List.copyOf(jails.values()), maxEntries));
        LOG.info("nftables backend ready: table {} with {} jail(s)", NftScript.TABLE, jails.size());
    }

    @Override
    public CommitSummary commit() throws FirewallException {
        final PendingChanges.Batch batch = pending.drainForJails(jails.keySet());
        if (batch.isEmpty()) {
            return CommitSummary.EMPTY;
        }
        runner.runChecked(NFT_SCRIPT, NftScript.batch(batch.removes(), batch.adds(), clock.instant()));
        return batch.summary();
    }

    /** One {@code nft list table inet fleetban} for all sets (one process, whatever the number of jails). */
    @Override
    public Set<BanKey> list() throws FirewallException {
        final String listing = runner.runChecked(List.of("nft", "list", "table", "inet", "fleetban"), "")
                .stdout();
        rulesAtLastList = NftScript.parseTerse(listing).rules();
        final Map<String, List<String>> elements = NftScript.parseSetElements(listing);
        final Set<BanKey> entries = new HashSet<>();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                for (String set :
                        List.of(NftScript.hostSet(jail.name(), family), NftScript.netSet(jail.name(), family))) {
                    for (String element : elements.getOrDefault(set, List.of())) {
                        if (element.equals(family.canary())) {
                            continue;
                        }
                        entries.add(new BanKey(jail.name(), IpRange.parse(element)));
                    }
                }
            }
        }
        return entries;
    }

    @Override
    public boolean checksDrift() {
        return true;
    }

    /**
     * One exchange with a long-lived {@code nft -t -i}: a listing and one {@code create element} of each set's
     * canary (it fails with "File exists" while the canary is there, and puts it back in a flushed set). The listing
     * is the terse table while it holds at most {@value #RULES_LISTED_UP_TO} bans, and above that only the chains
     * ({@code list chains inet}): nft 1.0 reads every element of the table to list a chain's rules, half a second of
     * CPU at 100,000 bans, so rules flushed by hand are then found by the next reconcile's listing. A missing table
     * ({@code nft flush ruleset}, a restored {@code nftables.conf}), set, chain or rule is put back by running the
     * init script again, which keeps the elements of sets that survived; a table or set created again, or a flushed
     * set, is refilled by the caller.
     */
    @Override
    public DriftCheck checkDrift(ExpectedEntries expected) throws FirewallException {
        final List<String> sets = NftScript.setNames(List.copyOf(jails.values()));
        int held = 0;
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                held += expected.of(jail.name(), family);
            }
        }
        final boolean listRules = held <= RULES_LISTED_UP_TO;
        final StringBuilder commands =
                new StringBuilder(listRules ? "list table " + NftScript.TABLE + "\n" : "list chains inet\n");
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                commands.append(NftScript.createCanary(NftScript.hostSet(jail.name(), family), family))
                        .append(NftScript.createCanary(NftScript.netSet(jail.name(), family), family));
            }
        }
        final Optional<ToolSession.Answer> answer = exchange(commands.toString());
        final DriftCheck check = answer.isPresent()
                ? judge(
                        NftScript.parseTerse(answer.get().stdout()),
                        NftScript.canaryErrors(answer.get().stderr()),
                        sets,
                        listRules)
                : judgeListing(sets);
        if (check.drifted()) {
            runner.runChecked(NFT_SCRIPT, NftScript.init(List.copyOf(jails.values()), maxEntries));
        }
        return check;
    }

    private Optional<ToolSession.Answer> exchange(String commands) {
        try {
            return session.exchange(commands);
        } catch (FirewallException e) {
            LOG.debug("nft session unavailable, listing the table instead: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private DriftCheck judge(
            NftScript.Listing listing, Map<String, String> canaryErrors, List<String> sets, boolean listedRules)
            throws FirewallException {
        final DriftCheck.Builder found = new DriftCheck.Builder();
        if (!listing.tablePresent()) {
            return found.repaired(DriftCheck.Part.TABLE, "nft table " + NftScript.TABLE)
                    .refill()
                    .build();
        }
        for (String set : sets) {
            final String error = canaryErrors.get(set);
            if (error == null) {
                found.repaired(DriftCheck.Part.ENTRIES, "nft set " + set + " was flushed")
                        .refill();
            } else if (error.contains("No such file or directory")) {
                found.repaired(DriftCheck.Part.SET, "nft set " + set).refill();
            } else if (!error.contains("File exists")) {
                throw new FirewallException("nft: " + error);
            }
        }
        final int rules = listedRules ? listing.rules() : rulesAtLastList;
        rulesAtLastList = -1;
        if (!listing.inputHooked()) {
            found.repaired(DriftCheck.Part.CHAIN, "nft chain " + NftScript.TABLE + " input");
        } else if (rules >= 0 && rules != sets.size()) {
            found.repaired(DriftCheck.Part.RULES, "nft chain " + NftScript.TABLE + " input");
        }
        return found.build();
    }

    /** Without the session (a runner that only runs whole commands): one {@code nft -t list table}, no canaries. */
    private DriftCheck judgeListing(List<String> sets) throws FirewallException {
        final CommandResult listed = runner.run(List.of("nft", "-t", "list", "table", "inet", "fleetban"), "");
        if (!listed.succeeded() && !listed.stderr().contains("No such file or directory")) {
            throw new FirewallException(listed.describeFailure());
        }
        final NftScript.Listing listing = NftScript.parseTerse(listed.stdout());
        final Map<String, String> errors = new HashMap<>();
        for (String set : sets) {
            errors.put(set, listing.sets().contains(set) ? "File exists" : "No such file or directory");
        }
        return judge(listing, errors, sets, true);
    }

    @Override
    public void shutdown() throws FirewallException {
        session.close();
        if (runner.run(List.of("nft", "list", "table", "inet", "fleetban"), "").succeeded()) {
            runner.runChecked(List.of("nft", "delete", "table", "inet", "fleetban"), "");
        }
    }
}
