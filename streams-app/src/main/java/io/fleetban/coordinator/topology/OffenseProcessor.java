package io.fleetban.coordinator.topology;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.coordinator.state.OffenseFingerprint;
import io.fleetban.coordinator.topology.DecisionEvents.NotCounted;
import io.fleetban.coordinator.topology.DecisionEvents.RefusedRecord;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.fleetban.fail2ban.value.IpAddress;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts offenses per (jail, IP) over the whole fleet and bans by fail2ban's rule: at least {@code maxretry} failures
 * within the last {@code findtime}, by the time written in the log line. Touches the (jail, IP) state once per
 * offense (one read, one write) and does O(maxretry) work.
 *
 * <p>Also owns the task's {@link BanExpiryPunctuator}, which runs on wall-clock time: bans end on time even when no
 * offense arrives.
 */
public final class OffenseProcessor implements Processor<String, Offense, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(OffenseProcessor.class);

    private final JailRules rules;
    private final TopologyOptions options;
    private final DecisionEvents events;
    private final SkipCounter skipped;
    private final ClockSkewLog skewLog = new ClockSkewLog();
    private final RefusalLog refusals;
    private ProcessorContext<String, SpecificRecord> context;
    private OffenderLedger ledger;

    public OffenseProcessor(JailRules rules, TopologyOptions options) {
        this.rules = rules;
        this.options = options;
        this.events = options.events();
        this.skipped = new SkipCounter(LOG, events);
        this.refusals = new RefusalLog(RefusedRecord.OFFENSE, events);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledger = new OffenderLedger(context, rules, options);
        context.schedule(
                options.expiryInterval(), PunctuationType.WALL_CLOCK_TIME, new BanExpiryPunctuator(ledger, rules));
    }

    @Override
    public void process(Record<String, Offense> record) {
        Offense offense = record.value();
        if (offense == null) {
            skipped.skip(SkipReason.NO_VALUE, record.key());
            return;
        }
        Optional<JailRule> rule = skipped.ruleOf(rules, offense.getJail());
        if (rule.isEmpty()) {
            return;
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(offense.getIp());
        } catch (IllegalArgumentException e) {
            // Topics are input, not trust: an IP that does not parse is never counted.
            skipped.skip(SkipReason.INVALID_IP, offense.getIp());
            return;
        }
        Optional<BanTargetRule.Refused> refused = options.banRule().refusal(ip);
        if (refused.isPresent()) {
            // 0.0.0.0 from a bind error, a loopback health check: never an attacker, never counted towards a ban.
            refusals.refused(rule.get().name(), refused.get(), offense.getHostId(), context.currentSystemTimeMs());
            return;
        }
        if (rule.get().ignores(ip.address())) {
            events.notCounted(rule.get().name(), NotCounted.IGNORED_IP); // fail2ban's ignoreip: never counted
            return;
        }
        count(rule.get(), rule.get().offender(ip), offense);
    }

    private void count(JailRule rule, String ip, Offense offense) {
        long now = context.currentSystemTimeMs();
        long eventTime = clampToNow(rule, offense, now);
        long windowStart = now - rule.findTimeMillis();
        if (eventTime < windowStart) {
            events.notCounted(
                    rule.name(), NotCounted.TOO_OLD); // fail2ban: "Ignore line since time ... < now - findtime"
            return;
        }
        OffenderLedger.Offender offender = ledger.load(rule.name(), ip, rule.offensesToKeep());
        OffenderState state = offender.state();
        long fingerprint = OffenseFingerprint.of(offense.getOffenseId());
        if (state.contains(fingerprint)) {
            events.notCounted(rule.name(), NotCounted.DUPLICATE); // a shipper resent it after a crash: counted once
            return;
        }
        if (state.isBanned()) {
            // No second ban while banned; the offense still counts in the jail's total, as in fail2ban.
            ledger.countFailure(rule.name());
            return;
        }
        state.dropOlderThan(windowStart);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(OffenderState.NO_OFFSET);
        state.record(eventTime, fingerprint, offense.getHostId(), offset, rule.offensesToKeep());
        Optional<String> reason = BanThreshold.crossed(rule, state);
        if (reason.isPresent() && ledger.admitsAutomaticBan(rule, now)) {
            ledger.ban(
                    offender,
                    new BanOrder(
                            BanSource.AUTO,
                            reason.get(),
                            null,
                            rule.banTimeMillis(),
                            state.failures(),
                            state.distinctHosts()));
        }
        ledger.save(offender, 1);
    }

    /**
     * A log line stamped in the future counts as now: it cannot stretch the findtime window or outlive it. Beyond
     * the allowed skew it is also reported, since a host's clock or its logtimezone is wrong.
     */
    private long clampToNow(JailRule rule, Offense offense, long now) {
        long eventTime = offense.getEventTime().toEpochMilli();
        if (eventTime <= now) {
            return eventTime;
        }
        long ahead = eventTime - now;
        if (ahead > options.maxClockSkew().toMillis()) {
            events.clockSkewed(rule.name(), offense.getHostId(), ahead);
            skewLog.skewed(rule.name(), offense.getHostId(), ahead, now);
        }
        return now;
    }

    @Override
    public void close() {
        // Stores are closed by Kafka Streams, never by a processor.
    }
}
