package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.CommitSummary;
import io.fleetban.enforcer.backend.DriftCheck;
import io.fleetban.enforcer.backend.FirewallBackend;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.FirewallHealth;
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
 * Keeps the firewall equal to the {@link HostBanList}. A batch of changes is one backend commit. A failed commit is
 * logged, counted and repaired by a reconcile retried with exponential backoff; the decision loop never stops on
 * it. Reconcile compares fleetban's own sets with the ban list: adds what is missing, removes what fleetban holds
 * and is no longer banned; so an operator flushing a set, a reboot or a lost batch all converge back. The drift
 * check, much more often, puts back the jump, chains, sets or table another tool removed ({@link #checkDrift()}).
 */
public final class FirewallSync {

    private static final Logger LOG = LoggerFactory.getLogger(FirewallSync.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** The default of {@code [enforcer] drift.check.interval}. */
    public static final Duration DEFAULT_DRIFT_CHECK = Duration.ofSeconds(1);

    private final FirewallBackend backend;
    private final HostBanList banList;
    private final Clock clock;
    private final Duration reconcileInterval;
    private final EnforcerMetrics metrics;
    private final Duration driftCheckInterval;
    private int consecutiveFailures;
    private Instant nextReconcile;
    private Instant nextDriftCheck;
    /** Written by the decision thread, read by /health and status publishers. */
    private volatile FirewallHealth health = FirewallHealth.STARTED;

    private Instant lastRepairAt;
    private String lastRepair;

    /** With the default drift check interval of {@code [enforcer] drift.check.interval}. */
    public FirewallSync(
            FirewallBackend backend,
            HostBanList banList,
            Clock clock,
            Duration reconcileInterval,
            EnforcerMetrics metrics) {
        this(backend, banList, clock, reconcileInterval, DEFAULT_DRIFT_CHECK, metrics);
    }

    public FirewallSync(
            FirewallBackend backend,
            HostBanList banList,
            Clock clock,
            Duration reconcileInterval,
            Duration driftCheckInterval,
            EnforcerMetrics metrics) {
        this.backend = backend;
        this.banList = banList;
        this.clock = clock;
        this.reconcileInterval = reconcileInterval;
        this.driftCheckInterval = driftCheckInterval;
        this.metrics = metrics;
        this.nextReconcile = clock.instant().plus(reconcileInterval);
        this.nextDriftCheck = nextDriftCheckAfter(clock.instant());
    }

    /** Never for a backend with nothing to check (the dry run, fail2ban actions): no wake-ups for it. */
    private Instant nextDriftCheckAfter(Instant now) {
        return backend.checksDrift() ? now.plus(driftCheckInterval) : Instant.MAX;
    }

    /** Applies changes decided together in one commit; false when the commit failed (it is retried by reconcile). */
    public boolean apply(List<HostBanList.Change> changes) {
        int buffered = 0;
        for (HostBanList.Change change : changes) {
            if (change instanceof HostBanList.Add add) {
                backend.add(add.ban());
                buffered++;
            } else if (change instanceof HostBanList.Remove remove) {
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

    /**
     * Removes bans whose time is up, then runs the drift check, and the periodic reconcile or the retry of a failed
     * commit, when due.
     */
    public void tick() {
        final Instant now = clock.instant();
        final List<HostBanList.Change> expired = banList.expire(now).stream()
                .<HostBanList.Change>map(HostBanList.Remove::new)
                .toList();
        apply(expired);
        if (!now.isBefore(nextDriftCheck)) {
            checkDrift();
        }
        if (!now.isBefore(nextReconcile)) {
            reconcile();
        }
    }

    /**
     * The frequent, cheap half of keeping the firewall right: the backend checks that its jump, chains, sets or
     * table are still there and puts back what another tool removed (the full reconcile compares contents only and
     * would never notice a missing jump). A set that lost entries is refilled at once, with the bans' remaining
     * times, unless a failed commit is already being retried. A failure is logged once, not every interval, and
     * turns {@link #health()} unhealthy until a check succeeds again.
     */
    public void checkDrift() {
        final Instant now = clock.instant();
        nextDriftCheck = nextDriftCheckAfter(now);
        try {
            final DriftCheck check = backend.checkDrift(banList::activeCount);
            for (DriftCheck.Repair repair : check.repairs()) {
                metrics.increment(
                        EnforcerMetrics.FIREWALL_REPAIRS, repair.what().label());
                LOG.warn(
                        "firewall drift repaired: {} put back ({}); another tool had removed it",
                        repair.what().label(),
                        repair.where());
            }
            if (check.refill() && consecutiveFailures == 0) {
                refill();
            }
            if (!health.healthy()) {
                LOG.info("{} firewall checks and repairs work again", backend.name());
            }
            health = health.checked(now, check);
        } catch (FirewallException e) {
            final String why = e.getMessage();
            if (health.healthy() || !health.error().orElse("").equals(why)) {
                LOG.error(
                        "{} firewall cannot be checked or repaired, /health answers 503 until it can: {}",
                        backend.name(),
                        why);
            }
            health = health.failed(now, why);
        }
    }

    /**
     * Adds every active ban again, with its remaining time, in one commit: the sets were just created again or lost
     * entries, so listing them first (as reconcile does) would only cost time while the attacker gets through.
     * Adding a ban already present refreshes it to the same end; entries that should not be there are left to the
     * next reconcile.
     */
    private void refill() throws FirewallException {
        final Map<BanKey, Ban> active = banList.active(clock.instant());
        active.values().forEach(backend::add);
        backend.commit();
        metrics.add(EnforcerMetrics.RECONCILE_REPAIRS, "", active.size());
        LOG.info("{} sets refilled with {} active ban(s)", backend.name(), active.size());
    }

    /** When {@link #tick()} next has work: the next ban to expire, drift check, reconcile or retry. */
    public Instant nextDue() {
        final Instant due = nextDriftCheck.isBefore(nextReconcile) ? nextDriftCheck : nextReconcile;
        final Instant expiry = banList.nextExpiry();
        return expiry.isBefore(due) ? expiry : due;
    }

    /** The firewall's state as the last drift check saw it; safe to call from any thread. */
    public FirewallHealth health() {
        return health;
    }

    /** Makes fleetban's sets equal to the ban list's active bans now; true on success. */
    public boolean reconcile() {
        final Instant now = clock.instant();
        banList.prune(now);
        final Map<BanKey, Ban> expected = banList.active(now);
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
                LOG.info(
                        "reconcile repaired drift: {} expected, {} present, {} added, {} removed",
                        expected.size(),
                        present.size(),
                        added,
                        removed);
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
        LOG.error(
                "{} {} failed (attempt {}), reconcile retried in {} ms: {}",
                backend.name(),
                what,
                consecutiveFailures,
                delay.toMillis(),
                e.getMessage());
    }

    /** 100 ms, 200 ms, 400 ms ... capped at 30 s. */
    static Duration retryDelay(int failures) {
        final int doublings = Math.min(failures - 1, 20);
        final Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }
}
