package io.fleetban.enforcer.backend;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a backend's {@code add}/{@code remove} buffer until {@code commit}: the last word on a key wins (a ban then
 * its unban in one batch cancel to a remove), and a commit drains everything at once, so decisions that arrive
 * together reach the kernel in one script (CrowdSec's bouncer batches the same way).
 */
public final class PendingChanges {

    private static final Logger LOG = LoggerFactory.getLogger(PendingChanges.class);

    private final Map<BanKey, Ban> adds = new LinkedHashMap<>();
    private final Set<BanKey> removes = new LinkedHashSet<>();

    /** One commit's worth of changes: removes first, then adds. */
    public record Batch(List<BanKey> removes, List<Ban> adds) {
        public boolean isEmpty() {
            return removes.isEmpty() && adds.isEmpty();
        }

        public CommitSummary summary() {
            return new CommitSummary(adds.size(), removes.size());
        }
    }

    public void add(Ban ban) {
        removes.remove(ban.key());
        adds.put(ban.key(), ban);
    }

    public void remove(BanKey key) {
        adds.remove(key);
        removes.add(key);
    }

    /** Drains the buffer, keeping the changes of jails this backend has a set for; the others are logged and dropped. */
    public Batch drainForJails(Set<String> jails) {
        final Predicate<BanKey> known = key -> {
            if (jails.contains(key.jail())) {
                return true;
            }
            LOG.warn("no set for jail={} ip={}: skipped", key.jail(), key.entryText());
            return false;
        };
        return drain(known, known);
    }

    /** Drains the buffer, keeping the removes and adds the predicates accept. */
    public Batch drain(Predicate<BanKey> keepRemove, Predicate<BanKey> keepAdd) {
        try {
            return new Batch(
                    removes.stream().filter(keepRemove).toList(),
                    adds.values().stream()
                            .filter(ban -> keepAdd.test(ban.key()))
                            .toList());
        } finally {
            adds.clear();
            removes.clear();
        }
    }
}
