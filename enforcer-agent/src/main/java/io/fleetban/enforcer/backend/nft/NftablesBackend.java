package io.fleetban.enforcer.backend.nft;

import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.CommitSummary;
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

    @Override
    public Set<BanKey> list() throws FirewallException {
        final Set<BanKey> entries = new HashSet<>();
        for (EnforcedJail jail : jails.values()) {
            for (IpFamily family : IpFamily.values()) {
                for (String set : List.of(NftScript.hostSet(jail.name(), family), NftScript.netSet(jail.name(), family))) {
                    final String listed = runner.runChecked(
                            List.of("nft", "list", "set", "inet", "fleetban", set), "").stdout();
                    for (String element : NftScript.parseElements(listed)) {
                        entries.add(new BanKey(jail.name(), IpRange.parse(element)));
                    }
                }
            }
        }
        return entries;
    }

    @Override
    public void shutdown() throws FirewallException {
        if (runner.run(List.of("nft", "list", "table", "inet", "fleetban"), "").succeeded()) {
            runner.runChecked(List.of("nft", "delete", "table", "inet", "fleetban"), "");
        }
    }
}
