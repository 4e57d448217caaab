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
import io.fleetban.fail2ban.value.IpRange;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final CommandRunner runner;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, EnforcedJail> jails = new LinkedHashMap<>();

    public NftablesBackend(CommandRunner runner, Clock clock, int maxEntries) {
        this.runner = runner;
        this.clock = clock;
        this.maxEntries = maxEntries;
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
        final Map<String, List<String>> elements = NftScript.parseSetElements(
                runner.runChecked(List.of("nft", "list", "table", "inet", "fleetban"), "").stdout());
        final Set<BanKey> entries = new HashSet<>();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                for (String set : List.of(NftScript.hostSet(jail.name(), family), NftScript.netSet(jail.name(), family))) {
                    for (String element : elements.getOrDefault(set, List.of())) {
                        entries.add(new BanKey(jail.name(), IpRange.parse(element)));
                    }
                }
            }
        }
        return entries;
    }

    /**
     * One {@code nft -t list table inet fleetban} (terse: without the sets' elements, so it costs the same with 100
     * or 100,000 bans). A missing table ({@code nft flush ruleset}, a restored {@code nftables.conf}), set, chain or
     * rule is put back by running the init script again, which keeps the elements of sets that survived; a table or
     * set created again is refilled by the caller. A set flushed by hand is not seen here (the listing has no
     * element count): the periodic reconcile refills it.
     */
    @Override
    public DriftCheck checkDrift(ExpectedEntries expected) throws FirewallException {
        final CommandResult listed = runner.run(List.of("nft", "-t", "list", "table", "inet", "fleetban"), "");
        final DriftCheck.Builder found = new DriftCheck.Builder();
        if (!listed.succeeded()) {
            if (!listed.stderr().contains("No such file or directory")) {
                throw new FirewallException(listed.describeFailure());
            }
            found.repaired(DriftCheck.Part.TABLE, "nft table " + NftScript.TABLE).refill();
        } else {
            final NftScript.Listing listing = NftScript.parseTerse(listed.stdout());
            final List<String> sets = NftScript.setNames(List.copyOf(jails.values()));
            if (!listing.sets().containsAll(sets)) {
                found.repaired(DriftCheck.Part.SET, "nft sets of table " + NftScript.TABLE).refill();
            }
            if (!listing.inputHooked()) {
                found.repaired(DriftCheck.Part.CHAIN, "nft chain " + NftScript.TABLE + " input");
            } else if (listing.rules() != sets.size()) {
                found.repaired(DriftCheck.Part.RULES, "nft chain " + NftScript.TABLE + " input");
            }
        }
        final DriftCheck check = found.build();
        if (check.drifted()) {
            runner.runChecked(NFT_SCRIPT, NftScript.init(List.copyOf(jails.values()), maxEntries));
        }
        return check;
    }

    @Override
    public void shutdown() throws FirewallException {
        if (runner.run(List.of("nft", "list", "table", "inet", "fleetban"), "").succeeded()) {
            runner.runChecked(List.of("nft", "delete", "table", "inet", "fleetban"), "");
        }
    }
}
