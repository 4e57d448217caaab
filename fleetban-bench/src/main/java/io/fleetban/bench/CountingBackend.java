package io.fleetban.bench;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BufferingBackend;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.PendingChanges;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fan-out bench's firewall: keeps the entries a host would hold and reports each commit's additions to the
 * {@link FanoutTally}, running no process, so a thousand hosts fit in one JVM and what is measured is Kafka and
 * the enforcer's own decision loop. Called from its host's decision thread only; {@link #size()} may be read from
 * another thread.
 */
final class CountingBackend extends BufferingBackend {

    private final FanoutTally tally;
    private final Set<BanKey> entries = new HashSet<>();
    private volatile int size;

    CountingBackend(FanoutTally tally) {
        this.tally = tally;
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public void init(List<EnforcedJail> jails) {
        entries.clear();
        size = 0;
    }

    @Override
    public CommitSummary commit() {
        final PendingChanges.Batch batch = pending.drain(key -> true, key -> true);
        if (batch.isEmpty()) {
            return CommitSummary.EMPTY;
        }
        final long now = System.currentTimeMillis();
        batch.removes().forEach(entries::remove);
        for (Ban ban : batch.adds()) {
            entries.add(ban.key());
            tally.applied(ban.key().entryText(), now);
        }
        size = entries.size();
        return new CommitSummary(batch.adds().size(), batch.removes().size());
    }

    @Override
    public Set<BanKey> list() {
        return Set.copyOf(entries);
    }

    @Override
    public void shutdown() {
        entries.clear();
        size = 0;
    }

    /** Entries held now. */
    int size() {
        return size;
    }
}
