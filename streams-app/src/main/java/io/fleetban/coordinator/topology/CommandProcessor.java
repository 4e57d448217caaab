package io.fleetban.coordinator.topology;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.topology.DecisionEvents.RefusedRecord;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.fail2ban.value.IpRange;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' commands, as fail2ban-client's {@code set <jail> banip|unbanip} and {@code unban --all}. A command keyed
 * by IP lands in the partition (and so the task) that holds that IP's state; UNBAN_ALL is sent to every partition
 * and lifts the bans this task holds.
 */
public final class CommandProcessor implements Processor<String, Command, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final JailRules rules;
    private final TopologyOptions options;
    private final SkipCounter skipped;
    private final RefusalLog refusals;
    private ProcessorContext<String, SpecificRecord> context;
    private OffenderLedger ledger;

    public CommandProcessor(JailRules rules, TopologyOptions options) {
        this.rules = rules;
        this.options = options;
        this.skipped = new SkipCounter(LOG, options.events());
        this.refusals = new RefusalLog(RefusedRecord.COMMAND, options.events());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledger = new OffenderLedger(context, rules, options);
    }

    @Override
    public void process(Record<String, Command> record) {
        Command command = record.value();
        if (command == null) {
            skipped.skip(SkipReason.NO_VALUE, record.key());
            return;
        }
        Optional<JailRule> rule = skipped.ruleOf(rules, command.getJail());
        if (rule.isEmpty()) {
            return;
        }
        if (command.getAction() == CommandAction.UNBAN_ALL) {
            unbanAll(rule.get(), command);
            return;
        }
        if (command.getAction() == CommandAction.RESUME) {
            // Sent to every partition like UNBAN_ALL: each task has its own valve.
            ledger.resumeAutomaticBans(rule.get().name(), command.getActor());
            return;
        }
        Optional<String> target = target(rule.get(), command);
        if (target.isEmpty()) {
            return;
        }
        String ip = target.get();
        switch (command.getAction()) {
            case BAN -> ban(rule.get(), ip, command, BanSource.MANUAL);
            case ESCALATE -> escalate(rule.get(), ip, command);
            case UNBAN -> unban(rule.get().name(), ip, command);
            default -> skipped.skip(SkipReason.UNKNOWN_ACTION, command.getAction());
        }
    }

    /**
     * The command's IP or network in canonical text, or empty after skipping or refusing it. Topics are input, not
     * trust: the client refuses these too, but any producer may write commands. An unban only needs valid syntax, so
     * a ban made under wider limits can still be lifted.
     */
    private Optional<String> target(JailRule rule, Command command) {
        if (command.getIp() == null || command.getIp().isBlank()) {
            skipped.skip(SkipReason.INVALID_IP, command.getIp());
            return Optional.empty();
        }
        BanTargetRule.Verdict verdict = command.getAction() == CommandAction.UNBAN
                ? BanTargetRule.parse(command.getIp())
                : options.banRule().check(command.getIp());
        if (verdict instanceof BanTargetRule.Refused refused) {
            if (refused.reason() == BanTargetRule.Reason.UNPARSABLE) {
                skipped.skip(SkipReason.INVALID_IP, command.getIp());
            } else {
                refusals.refused(rule.name(), refused, command.getActor(), context.currentSystemTimeMs());
            }
            return Optional.empty();
        }
        return Optional.of(((BanTargetRule.Allowed) verdict).target().banTarget());
    }

    /** The escalation processor's network ban: banned like a manual one, but never over an ignoreip address. */
    private void escalate(JailRule rule, String network, Command command) {
        if (network.indexOf('/') < 0 || rule.overlapsIgnored(IpRange.parse(network))) {
            skipped.skip(SkipReason.INVALID_IP, network);
            return;
        }
        ban(rule, network, command, BanSource.ESCALATION);
    }

    private void ban(JailRule rule, String ip, Command command, BanSource source) {
        OffenderLedger.Offender offender = ledger.load(rule.name(), ip, rule.offensesToKeep());
        if (offender.state().isBanned()) {
            LOG.info(
                    "manual ban ignored: jail={} ip={} is already banned (actor={})",
                    rule.name(),
                    ip,
                    command.getActor());
            return;
        }
        if (ignored(rule, ip)) {
            // As fail2ban's banip: the operator knows best, but it is worth a line in the log. Enforcers still
            // refuse to block their own ignoreip ranges.
            LOG.warn("manual ban of ignored address: jail={} ip={} actor={}", rule.name(), ip, command.getActor());
        }
        long banTime = command.getBantimeSeconds() == null
                ? rule.banTimeMillis()
                : command.getBantimeSeconds() < 0 ? -1 : command.getBantimeSeconds() * 1000;
        String reason = command.getReason() != null ? command.getReason() : "manual ban by " + command.getActor();
        ledger.ban(offender, new BanOrder(source, reason, command.getActor(), banTime, 0, List.of()));
        ledger.save(offender, 0);
    }

    /** fail2ban's {@code unbanip}: lifts the ban (if any) and resets the IP's count in the jail. */
    private void unban(String jail, String ip, Command command) {
        Optional<OffenderLedger.Offender> offender = ledger.find(jail, ip);
        if (offender.isEmpty()) {
            return; // nothing banned, nothing counted
        }
        if (offender.get().state().isBanned()) {
            ledger.unban(offender.get(), UnbanReason.MANUAL, command.getActor());
        }
        offender.get().state().clearFailures();
        ledger.save(offender.get(), 0);
    }

    /**
     * fail2ban's {@code unbanip --all} for one jail. It also resumes a tripped safety valve
     * ({@code fleet.maxbans.rate}): after a broken filter's ban storm the operator lifts its bans and banning starts
     * again in one step. RESUME alone restarts banning and keeps the bans.
     */
    private void unbanAll(JailRule rule, Command command) {
        ledger.resumeAutomaticBans(rule.name(), command.getActor());
        List<String> ips = ledger.bannedIps(rule.name());
        for (String ip : ips) {
            Optional<OffenderLedger.Offender> offender = ledger.find(rule.name(), ip);
            if (offender.isPresent() && offender.get().state().isBanned()) {
                ledger.unban(offender.get(), UnbanReason.MANUAL, command.getActor());
                ledger.save(offender.get(), 0);
            }
        }
        LOG.info(
                "unban --all jail={} lifted {} ban(s) in this task (actor={})",
                rule.name(),
                ips.size(),
                command.getActor());
    }

    private static boolean ignored(JailRule rule, String ip) {
        return ip.indexOf('/') < 0 && rule.ignores(IpAddress.parse(ip).address());
    }

    @Override
    public void close() {
        // Stores are closed by Kafka Streams, never by a processor.
    }
}
