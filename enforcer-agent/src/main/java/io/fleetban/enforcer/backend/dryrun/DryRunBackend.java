package io.fleetban.enforcer.backend.dryrun;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.PendingChanges;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the exact ipset/iptables commands and restore scripts the default backend would run, one summary line
 * per batch, and changes nothing (cs-firewall-bouncer's dry-run mode). It keeps the entries it "applied" in
 * memory, expiring them like the kernel's timeouts, so reconcile behaves as on a real host. Needs no root:
 * {@code fleetban demo} uses it.
 */
public final class DryRunBackend extends BufferingBackend {

    private final PrintStream out;
    private final Clock clock;
    private final IpsetBackend printer;
    private final Map<BanKey, Ban> applied = new HashMap<>();

    public DryRunBackend(PrintStream out, Clock clock, int maxEntries) {
        this.out = out;
        this.clock = clock;
        this.printer = new IpsetBackend(new PrintingCommandRunner(out), clock, maxEntries);
    }

    @Override
    public String name() {
        return "dry-run";
    }

    @Override
    public void init(List<EnforcedJail> jails) throws FirewallException {
        out.println("dry-run: init " + jails.size() + " jail(s), would run:");
        printer.init(jails);
    }

    @Override
    public void add(Ban ban) {
        super.add(ban);
        printer.add(ban);
    }

    @Override
    public void remove(BanKey key) {
        super.remove(key);
        printer.remove(key);
    }

    @Override
    public CommitSummary commit() throws FirewallException {
        final PendingChanges.Batch batch = pending.drain(key -> true, key -> true);
        if (batch.isEmpty()) {
            return CommitSummary.EMPTY;
        }
        out.println(
                "dry-run: batch of " + (batch.adds().size() + batch.removes().size()) + " decision(s): "
                        + batch.adds().size() + " add, " + batch.removes().size() + " remove; would run:");
        final CommitSummary summary = printer.commit();
        batch.removes().forEach(applied::remove);
        batch.adds().forEach(ban -> applied.put(ban.key(), ban));
        return summary;
    }

    @Override
    public Set<BanKey> list() {
        applied.values().removeIf(ban -> ban.isExpiredAt(clock.instant()));
        return applied.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void shutdown() throws FirewallException {
        out.println("dry-run: shutdown, would run:");
        printer.shutdown();
        applied.clear();
    }
}
