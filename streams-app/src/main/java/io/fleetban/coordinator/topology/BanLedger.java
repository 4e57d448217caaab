package io.fleetban.coordinator.topology;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.ActiveBanEntry;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that changes a (jail, IP)'s state and says so: saves and forgets offender states (keeping the expiry
 * index and the jail counters in step), and turns bans and unbans into records on the bans, unbans and active-bans
 * topics. Used by the offense and command processors and the expiry punctuator of one task.
 *
 * <p>Decision times come from {@link OffenderState#nextDecisionTime}: coordinator wall clock, strictly increasing
 * per (jail, IP). Decision ids are {@code <jail>/<ip>@<bannedAt>}: unique for that reason, and the same on a replay
 * after an aborted transaction (which no read_committed reader ever saw).
 */
final class BanLedger {

    /**
     * How long an idle state (no ban, no counted offense) outlives its last decision: it remembers that decision's
     * time, so a new decision in the same millisecond still gets a later one.
     */
    static final long IDLE_RETENTION_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(BanLedger.class);

    private final ProcessorContext<String, SpecificRecord> context;
    private final JailRules rules;
    private final TaskStores stores;
    private final BanHistoryBook history;
    private final DecisionEvents events;
    private final DecisionCommits commits;
    private final SafetyValve safetyValve;

    BanLedger(ProcessorContext<String, SpecificRecord> context, JailRules rules, TopologyOptions options) {
        this.context = context;
        this.rules = rules;
        this.events = options.events();
        this.commits = new DecisionCommits(context, options.decisionCommitSpacing());
        this.stores = TaskStores.of(context);
        this.history = new BanHistoryBook(stores, rules);
        this.safetyValve = new SafetyValve(stores.safetyValve(), events);
    }

    TaskStores stores() {
        return stores;
    }

    /** The task's {@code fleet.maxbans.rate} valves, one per jail. */
    SafetyValve safetyValve() {
        return safetyValve;
    }

    /** The IPs' ban counts for {@code bantime.increment}. */
    BanHistoryBook history() {
        return history;
    }

    /**
     * Stores a changed state and makes sure the expiry index will revisit it in time. The index entry only ever
     * moves earlier here; when the state's next due time moves later (a new offense), the old entry fires early and
     * the punctuator re-files it: one index write per (jail, IP) per findtime, not per offense.
     */
    void save(String jail, String key, OffenderState state, boolean wasFailing, int newFailures) {
        long due = nextDue(jail, state);
        if (due < state.dueAt()) {
            if (state.dueAt() != OffenderState.NOT_DUE) {
                stores.expiryIndex().delete(new ExpiryIndexKey(state.dueAt(), key));
            }
            stores.expiryIndex().put(new ExpiryIndexKey(due, key), new byte[0]);
            state.dueAt(due);
        }
        stores.offenders().put(key, state);
        count(jail, failingDelta(wasFailing, state), newFailures, 0);
    }

    /** Counts an offense that changes no state (its IP is banned already) in the jail's total. */
    void countFailure(String jail) {
        count(jail, 0, 1, 0);
    }

    /** Removes a state that has nothing left to remember, with its index entry. */
    void forget(String jail, String key, OffenderState state, boolean wasFailing) {
        if (state.dueAt() != OffenderState.NOT_DUE) {
            stores.expiryIndex().delete(new ExpiryIndexKey(state.dueAt(), key));
        }
        stores.offenders().delete(key);
        count(jail, wasFailing ? -1 : 0, 0, 0);
    }

    /**
     * Bans, emitting the decision and the active-ban record; the caller saves the state afterwards. With the jail's
     * {@code bantime.increment} on, an automatic ban is lengthened by the IP's remembered bans, and the decision's
     * ban count is that history's (fleet-wide, across restarts); otherwise it is the offender state's own count.
     */
    void ban(String jail, String ip, OffenderState state, BanOrder order) {
        long bannedAt = state.nextDecisionTime(context.currentSystemTimeMs());
        String key = OffenderKey.of(jail, ip);
        String decisionId = key + "@" + bannedAt;
        Optional<JailRule> rule = rules.find(jail);
        int priorBans = rule.map(r -> history.priorBans(r, ip)).orElse(0);
        long banTime = banTime(rule, order, priorBans, decisionId);
        long expiresAt = banTime < 0 ? OffenderState.PERMANENT : bannedAt + banTime;
        state.ban(bannedAt, expiresAt);
        rule.ifPresent(r -> history.recordBan(r, ip, bannedAt, expiresAt));
        boolean incremental = rule.isPresent() && rule.get().policy().banTimeIncrement().enabled();
        int banCount = incremental ? priorBans + 1 : state.banCount();
        String reason = banTime == order.banTimeMillis() ? order.reason()
                : order.reason() + "; ban #" + banCount + ", bantime increased to " + banTime / 1000 + " s";
        Instant expiry = expiresAt == OffenderState.PERMANENT ? null : Instant.ofEpochMilli(expiresAt);
        BanDecision decision = BanDecision.newBuilder().setDecisionId(decisionId).setJail(jail).setIp(ip)
                .setSource(order.source()).setReason(reason).setFailures(order.failures())
                .setHosts(order.hosts()).setBannedAt(Instant.ofEpochMilli(bannedAt)).setExpiresAt(expiry)
                .setBanCount(banCount).setActor(order.actor()).build();
        ActiveBan active = ActiveBan.newBuilder().setJail(jail).setIp(ip).setDecisionId(decisionId)
                .setSource(order.source()).setBannedAt(decision.getBannedAt()).setExpiresAt(expiry)
                .setBanCount(banCount).build();
        stores.activeBans().put(key, new ActiveBanEntry(jail, ip, decisionId, order.source().name(), reason,
                order.actor() == null ? "" : order.actor(), bannedAt, expiresAt, order.failures(), order.hosts(),
                banCount));
        context.forward(new Record<>(ip, decision, bannedAt), BanTopology.BANS_SINK);
        context.forward(new Record<>(key, active, bannedAt), BanTopology.ACTIVE_BANS_SINK);
        commits.decided();
        count(jail, 0, 0, 1);
        events.banned(jail, order.source());
        // logfmt-style key=value without spaces inside values, so grep, journald and log shippers split it alike.
        LOG.info("ban jail={} ip={} source={} failures={} hosts={} banCount={} until={}", jail, ip, order.source(),
                order.failures(), order.hosts().isEmpty() ? "-" : String.join(",", order.hosts()), banCount,
                expiry == null ? "permanent" : expiry);
    }

    /**
     * The ban's length: the order's, lengthened by {@code bantime.increment} for an automatic ban (a manual ban keeps
     * the time the operator asked for). The random part of {@code bantime.rndtime} is drawn from the decision id, so a
     * replay after an aborted transaction decides exactly the same ban.
     */
    private static long banTime(Optional<JailRule> rule, BanOrder order, int priorBans, String decisionId) {
        if (rule.isEmpty() || order.source() != BanSource.AUTO || priorBans == 0) {
            return order.banTimeMillis();
        }
        double random = new SplittableRandom(decisionId.hashCode()).nextDouble();
        return rule.get().policy().banTimeIncrement()
                .banTime(Duration.ofMillis(order.banTimeMillis()), priorBans, random).toMillis();
    }

    /** Ends a ban, emitting the unban and the active-bans tombstone; the caller saves or forgets the state. */
    void unban(String jail, String ip, OffenderState state, UnbanReason reason, String actor) {
        String key = OffenderKey.of(jail, ip);
        String decisionId = key + "@" + state.bannedAt();
        long unbannedAt = state.nextDecisionTime(context.currentSystemTimeMs());
        state.unban();
        Unban unban = Unban.newBuilder().setDecisionId(decisionId).setJail(jail).setIp(ip).setReason(reason)
                .setUnbannedAt(Instant.ofEpochMilli(unbannedAt)).setActor(actor).build();
        stores.activeBans().delete(key);
        context.forward(new Record<>(ip, unban, unbannedAt), BanTopology.UNBANS_SINK);
        context.forward(new Record<String, SpecificRecord>(key, null, unbannedAt), BanTopology.ACTIVE_BANS_SINK);
        commits.decided();
        events.unbanned(jail, reason);
        LOG.info("unban jail={} ip={} reason={} actor={}", jail, ip, reason, actor);
    }

    /**
     * When this state next needs a visit: its ban's end, the moment its newest offense leaves findtime, or the end
     * of its idle retention.
     */
    private long nextDue(String jail, OffenderState state) {
        if (state.isBanned()) {
            return state.bannedUntil() == OffenderState.PERMANENT ? OffenderState.NOT_DUE : state.bannedUntil();
        }
        if (state.failures() > 0) {
            // A jail dropped from the config keeps no offenses: due at once, the punctuator clears them.
            long findTime = rules.find(jail).map(JailRule::findTimeMillis).orElse(0L);
            return state.newestEventTime() + findTime;
        }
        return state.lastDecisionAt() + IDLE_RETENTION_MS;
    }

    private void count(String jail, long failingDelta, long failed, long banned) {
        if (failingDelta == 0 && failed == 0 && banned == 0) {
            return;
        }
        JailTotals totals = stores.jailTotals().get(jail);
        stores.jailTotals().put(jail, (totals == null ? JailTotals.ZERO : totals).plus(failingDelta, failed, banned));
    }

    private static long failingDelta(boolean wasFailing, OffenderState state) {
        boolean failing = state.failures() > 0 && !state.isBanned();
        return (failing ? 1 : 0) - (wasFailing ? 1 : 0);
    }
}
