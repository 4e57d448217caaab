package io.fleetban.coordinator.topology;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.ActiveBanEntry;
import io.fleetban.coordinator.state.BanHistoryKey;
import io.fleetban.coordinator.state.ExpiryIndexKey;
import io.fleetban.coordinator.state.JailTotals;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that loads, saves and changes a (jail, IP)'s state, and says so: it keeps offender states in step
 * with the expiry index and the jail counters, and turns bans and unbans into records on the bans, unbans and
 * active-bans topics. It also keeps the task's ban histories and safety valves, which bans consult.
 * Used by the offense and command processors and the expiry punctuator of one task; none of them reads a store.
 *
 * <p>Decision times come from {@link OffenderState#nextDecisionTime}: coordinator wall clock, strictly increasing
 * per (jail, IP). Decision ids are {@code <jail>/<ip>@<bannedAt>}: unique for that reason, and the same on a replay
 * after an aborted transaction (which no read_committed reader ever saw).
 */
final class OffenderLedger {

    /**
     * How long an idle state (no ban, no counted offense) outlives its last decision: it remembers that decision's
     * time, so a new decision in the same millisecond still gets a later one.
     */
    static final long IDLE_RETENTION_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(OffenderLedger.class);

    private final ProcessorContext<String, SpecificRecord> context;
    private final JailRules rules;
    private final TaskStores stores;
    private final BanHistoryBook history;
    private final DecisionEvents events;
    private final DecisionCommits commits;
    private final SafetyValve safetyValve;

    OffenderLedger(ProcessorContext<String, SpecificRecord> context, JailRules rules, TopologyOptions options) {
        this.context = context;
        this.rules = rules;
        this.events = options.events();
        this.commits = new DecisionCommits(context, options.decisionCommitSpacing());
        this.stores = TaskStores.of(context);
        this.history = new BanHistoryBook(stores, rules);
        this.safetyValve = new SafetyValve(stores.safetyValve(), events);
    }

    /**
     * One (jail, IP)'s state as the ledger loaded it. Callers change the state in memory and hand it back through
     * {@link #save}, {@link #forget}, {@link #ban} or {@link #unban}; the ledger remembers whether it was counted as
     * failing, so the jail's "currently failed" figure stays in step.
     */
    static final class Offender {
        private final String jail;
        private final String ip;
        private final String key;
        private final OffenderState state;
        private boolean wasFailing;

        private Offender(String jail, String ip, String key, OffenderState state) {
            this.jail = jail;
            this.ip = ip;
            this.key = key;
            this.state = state;
            this.wasFailing = failing(state);
        }

        String jail() {
            return jail;
        }

        String ip() {
            return ip;
        }

        OffenderState state() {
            return state;
        }
    }

    /** The (jail, IP)'s stored state, or a new empty one keeping {@code offensesToKeep} offenses. */
    Offender load(String jail, String ip, int offensesToKeep) {
        return find(jail, ip)
                .orElseGet(() -> new Offender(jail, ip, OffenderKey.of(jail, ip), OffenderState.empty(offensesToKeep)));
    }

    /** The (jail, IP)'s stored state, empty when nothing is remembered of it. */
    Optional<Offender> find(String jail, String ip) {
        String key = OffenderKey.of(jail, ip);
        return Optional.ofNullable(stores.offenders().get(key)).map(state -> new Offender(jail, ip, key, state));
    }

    /** The IPs (and networks) a jail's bans in this task hold. */
    List<String> bannedIps(String jail) {
        List<String> ips = new ArrayList<>();
        try (KeyValueIterator<String, ActiveBanEntry> bans =
                stores.activeBans().prefixScan(OffenderKey.jailPrefix(jail), new StringSerializer())) {
            bans.forEachRemaining(ban -> ips.add(ban.value.ip()));
        }
        return ips;
    }

    /** Whether the jail's {@code fleet.maxbans.rate} valve lets one more automatic ban through now. */
    boolean admitsAutomaticBan(JailRule rule, long now) {
        return safetyValve.admitAutomaticBan(rule, now);
    }

    /** Restarts automatic banning in a jail whose safety valve tripped. */
    void resumeAutomaticBans(String jail, String actor) {
        safetyValve.resume(jail, actor);
    }

    /**
     * Hands each state whose expiry index entry is due by {@code now} to {@code revisit}, oldest first and at most
     * {@code maxEntries} entries a run; ban histories past their retention are forgotten on the way. Reads only the
     * due entries (one range scan over time-ordered keys), never the whole state. {@code revisit} must save or forget
     * the state it is given.
     */
    void revisitDue(long now, int maxEntries, Consumer<Offender> revisit) {
        for (ExpiryIndexKey due : dueEntries(now, maxEntries)) {
            stores.expiryIndex().delete(due);
            String key = due.offenderKey();
            if (BanHistoryKey.isIndexEntry(key)) {
                history.forgetIfDue(due);
                continue;
            }
            OffenderState state = stores.offenders().get(key);
            if (state == null || state.dueAt() != due.dueAt()) {
                continue; // superseded by an earlier entry that already handled this state
            }
            state.dueAt(OffenderState.NOT_DUE);
            revisit.accept(new Offender(OffenderKey.jail(key), OffenderKey.ip(key), key, state));
        }
    }

    private List<ExpiryIndexKey> dueEntries(long now, int maxEntries) {
        List<ExpiryIndexKey> due = new ArrayList<>();
        try (KeyValueIterator<ExpiryIndexKey, byte[]> entries =
                stores.expiryIndex().range(null, ExpiryIndexKey.dueBy(now))) {
            while (entries.hasNext() && due.size() < maxEntries) {
                due.add(entries.next().key);
            }
        }
        return due;
    }

    /**
     * Stores a changed state and makes sure the expiry index will revisit it in time. The index entry only ever
     * moves earlier here; when the state's next due time moves later (a new offense), the old entry fires early and
     * the punctuator re-files it: one index write per (jail, IP) per findtime, not per offense.
     *
     * @param newFailures offenses this change counted, for the jail's total
     */
    void save(Offender offender, int newFailures) {
        OffenderState state = offender.state;
        long due = nextDue(offender.jail, state);
        if (due < state.dueAt()) {
            if (state.dueAt() != OffenderState.NOT_DUE) {
                stores.expiryIndex().delete(new ExpiryIndexKey(state.dueAt(), offender.key));
            }
            stores.expiryIndex().put(new ExpiryIndexKey(due, offender.key), new byte[0]);
            state.dueAt(due);
        }
        stores.offenders().put(offender.key, state);
        boolean failing = failing(state);
        count(offender.jail, (failing ? 1 : 0) - (offender.wasFailing ? 1 : 0), newFailures, 0);
        offender.wasFailing = failing;
    }

    /** Counts an offense that changes no state (its IP is banned already) in the jail's total. */
    void countFailure(String jail) {
        count(jail, 0, 1, 0);
    }

    /** Removes a state that has nothing left to remember, with its index entry. */
    void forget(Offender offender) {
        if (offender.state.dueAt() != OffenderState.NOT_DUE) {
            stores.expiryIndex().delete(new ExpiryIndexKey(offender.state.dueAt(), offender.key));
        }
        stores.offenders().delete(offender.key);
        count(offender.jail, offender.wasFailing ? -1 : 0, 0, 0);
        offender.wasFailing = false;
    }

    /**
     * Bans, emitting the decision and the active-ban record; the caller saves the state afterwards. With the jail's
     * {@code bantime.increment} on, an automatic ban is lengthened by the IP's remembered bans, and the decision's
     * ban count is that history's (fleet-wide, across restarts); otherwise it is the offender state's own count.
     */
    void ban(Offender offender, BanOrder order) {
        String jail = offender.jail;
        String ip = offender.ip;
        String key = offender.key;
        OffenderState state = offender.state;
        long bannedAt = state.nextDecisionTime(context.currentSystemTimeMs());
        String decisionId = key + "@" + bannedAt;
        Optional<JailRule> rule = rules.find(jail);
        int priorBans = rule.map(r -> history.priorBans(r, ip)).orElse(0);
        long banTime = banTime(rule, order, priorBans, decisionId);
        long expiresAt = banTime < 0 ? OffenderState.PERMANENT : bannedAt + banTime;
        state.ban(bannedAt, expiresAt);
        rule.ifPresent(r -> history.recordBan(r, ip, bannedAt, expiresAt));
        boolean incremental =
                rule.isPresent() && rule.get().policy().banTimeIncrement().enabled();
        int banCount = incremental ? priorBans + 1 : state.banCount();
        String reason = banTime == order.banTimeMillis()
                ? order.reason()
                : order.reason() + "; ban #" + banCount + ", bantime increased to " + banTime / 1000 + " s";
        Instant expiry = expiresAt == OffenderState.PERMANENT ? null : Instant.ofEpochMilli(expiresAt);
        BanDecision decision = BanDecision.newBuilder()
                .setDecisionId(decisionId)
                .setJail(jail)
                .setIp(ip)
                .setSource(order.source())
                .setReason(reason)
                .setFailures(order.failures())
                .setHosts(order.hosts())
                .setBannedAt(Instant.ofEpochMilli(bannedAt))
                .setExpiresAt(expiry)
                .setBanCount(banCount)
                .setActor(order.actor())
                .build();
        ActiveBan active = ActiveBan.newBuilder()
                .setJail(jail)
                .setIp(ip)
                .setDecisionId(decisionId)
                .setSource(order.source())
                .setBannedAt(decision.getBannedAt())
                .setExpiresAt(expiry)
                .setBanCount(banCount)
                .build();
        stores.activeBans()
                .put(
                        key,
                        new ActiveBanEntry(
                                jail,
                                ip,
                                decisionId,
                                order.source().name(),
                                reason,
                                order.actor() == null ? "" : order.actor(),
                                bannedAt,
                                expiresAt,
                                order.failures(),
                                order.hosts(),
                                banCount));
        context.forward(new Record<>(ip, decision, bannedAt), BanTopology.BANS_SINK);
        context.forward(new Record<>(key, active, bannedAt), BanTopology.ACTIVE_BANS_SINK);
        commits.decided();
        count(jail, 0, 0, 1);
        events.banned(jail, order.source());
        // logfmt-style key=value without spaces inside values, so grep, journald and log shippers split it alike.
        LOG.info(
                "ban jail={} ip={} source={} failures={} hosts={} banCount={} until={}",
                jail,
                ip,
                order.source(),
                order.failures(),
                order.hosts().isEmpty() ? "-" : String.join(",", order.hosts()),
                banCount,
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
        return rule.get()
                .policy()
                .banTimeIncrement()
                .banTime(Duration.ofMillis(order.banTimeMillis()), priorBans, random)
                .toMillis();
    }

    /** Ends a ban, emitting the unban and the active-bans tombstone; the caller saves or forgets the state. */
    void unban(Offender offender, UnbanReason reason, String actor) {
        String jail = offender.jail;
        String ip = offender.ip;
        String key = offender.key;
        OffenderState state = offender.state;
        String decisionId = key + "@" + state.bannedAt();
        long unbannedAt = state.nextDecisionTime(context.currentSystemTimeMs());
        state.unban();
        Unban unban = Unban.newBuilder()
                .setDecisionId(decisionId)
                .setJail(jail)
                .setIp(ip)
                .setReason(reason)
                .setUnbannedAt(Instant.ofEpochMilli(unbannedAt))
                .setActor(actor)
                .build();
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

    /** Counted in the jail's "currently failed": offenses inside findtime and no ban. */
    private static boolean failing(OffenderState state) {
        return state.failures() > 0 && !state.isBanned();
    }
}
