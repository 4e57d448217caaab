package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.FirewallBackend;
import io.fleetban.enforcer.backend.FirewallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the firewall equal to the {@link BanLedger}. A batch of changes is one backend commit. A failed commit is
 * logged, counted and repaired by a reconcile retried with exponential backoff; the decision loop never stops on
 * it. Reconcile compares fleetban's own sets with the ledger: adds what is missing, removes what fleetban holds
 * and is no longer banned; so an operator flushing a set, a reboot or a lost batch all converge back.
 */
public final class FirewallSync {

    private static final Logger LOG = LoggerFactory.getLogger(FirewallSync.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final FirewallBackend backend;
    private final BanLedger ledger;
    private final Clock clock;
    private final Duration reconcileInterval;
    private final EnforcerMetrics metrics;
    private int consecutiveFailures;
    private Instant nextReconcile;
    private Instant lastRepairAt;
    private String lastRepair;

    public FirewallSync(FirewallBackend backend, BanLedger ledger, Clock clock, Duration reconcileInterval,
                        EnforcerMetrics metrics) {
        this.backend = backend;
        this.ledger = ledger;
        this.clock = clock;
        this.reconcileInterval = reconcileInterval;
        this.metrics = metrics;
        this.nextReconcile = clock.instant().plus(reconcileInterval);
    }

    /** Applies changes decided together in one commit; false when the commit failed (it is retried by reconcile). */
    public boolean apply(List<BanLedger.Change> changes) {
        int buffered = 0;
        for (BanLedger.Change change : changes) {
            if (change instanceof BanLedger.Add add) {
                backend.add(add.ban());
                buffered++;
            } else if (change instanceof BanLedger.Remove remove) {
                backend.remove(remove.key());
                buffered++;
            }
        }
        if (buffered == 0) {
            return true;
        }
        try {
            final CommitSummary summary = backend.commit();
            metrics.increment(EnforcerMetrics.COMMITS);
            metrics.add(EnforcerMetrics.DECISIONS_APPLIED, "", summary.added() + summary.removed());
            LOG.info("{} batch applied: {}", backend.name(), summary);
            return true;
        } catch (FirewallException e) {
            failed("commit of " + buffered + " change(s)", e);
            return false;
        }
    }

    /** Removes bans whose time is up, then runs the periodic reconcile, or the retry of a failed commit, when due. */
    public void tick() {
        final Instant now = clock.instant();
        final List<BanLedger.Change> expired = ledger.expire(now).stream()
                .<BanLedger.Change>map(BanLedger.Remove::new).toList();
        apply(expired);
        if (!now.isBefore(nextReconcile)) {
            reconcile();
        }
    }

    /** Makes fleetban's sets equal to the ledger's active bans now; true on success. */
    public boolean reconcile() {
        final Instant now = clock.instant();
        ledger.prune(now);
        final Map<BanKey, Ban> expected = ledger.active(now);
        try {
            final Set<BanKey> present = backend.list();
            int added = 0;
            int removed = 0;
            for (Ban ban : expected.values()) {
                if (!present.contains(ban.key())) {
                    backend.add(ban);
                    added++;
                }
            }
            for (BanKey key : present) {
                if (!expected.containsKey(key)) {
                    backend.remove(key);
                    removed++;
                }
            }
            backend.commit();
            metrics.add(EnforcerMetrics.RECONCILE_REPAIRS, "", added + removed);
            if (added + removed > 0) {
                LOG.info("reconcile repaired drift: {} expected, {} present, {} added, {} removed",
                        expected.size(), present.size(), added, removed);
                lastRepairAt = now;
                lastRepair = "reconcile added " + added + " and removed " + removed + " set entries";
            } else {
                LOG.debug("reconcile: {} entries, no drift", present.size());
            }
            consecutiveFailures = 0;
            nextReconcile = now.plus(reconcileInterval);
            return true;
        } catch (FirewallException e) {
            failed("reconcile", e);
            return false;
        }
    }

    /** False while a commit or reconcile has failed and its retry has not succeeded yet. */
    public boolean healthy() {
        return consecutiveFailures == 0;
    }

    /** When drift was last repaired. */
    public Optional<Instant> lastRepairAt() {
        return Optional.ofNullable(lastRepairAt);
    }

    /** What the last repair did, in words. */
    public Optional<String> lastRepair() {
        return Optional.ofNullable(lastRepair);
    }

    private void failed(String what, FirewallException e) {
        consecutiveFailures++;
        metrics.increment(EnforcerMetrics.COMMITS_FAILED);
        final Duration delay = retryDelay(consecutiveFailures);
        nextReconcile = clock.instant().plus(delay);
        LOG.error("{} {} failed (attempt {}), reconcile retried in {} ms: {}",
                backend.name(), what, consecutiveFailures, delay.toMillis(), e.getMessage());
    }

    /** 100 ms, 200 ms, 400 ms ... capped at 30 s. */
    static Duration retryDelay(int failures) {
        final int doublings = Math.min(failures - 1, 20);
        final Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }
}
