package io.fleetban.coordinator.topology;

import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.MemberChange;
import io.fleetban.coordinator.state.NetworkMembers;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prefix escalation ({@code fleet.escalate.*}): keyed by (jail, network), it keeps the network's addresses banned
 * now, and when {@code after} of them are, sends an ESCALATE command for the network to the commands topic, where the
 * command processor bans it like any other target (expiry, unban, queries and history included). One network ban at
 * a time; the network's own unban starts a new round.
 */
final class EscalationProcessor implements Processor<String, MemberChange, String, Command> {

    /** Who the decision names as its author. */
    static final String ACTOR = "fleetban-coordinator";

    private static final Logger LOG = LoggerFactory.getLogger(EscalationProcessor.class);

    private final JailRules rules;
    private ProcessorContext<String, Command> context;
    private KeyValueStore<String, NetworkMembers> store;

    EscalationProcessor(JailRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Command> context) {
        this.context = context;
        this.store = context.getStateStore(BanTopology.NETWORK_MEMBERS_STORE);
    }

    @Override
    public void process(Record<String, MemberChange> record) {
        MemberChange change = record.value();
        Optional<JailRule> rule = rules.find(change.jail());
        if (rule.isEmpty() || rule.get().escalation().isEmpty()) {
            return; // the jail's escalation was turned off since the ban
        }
        String network = OffenderKey.ip(record.key());
        NetworkMembers members = store.get(record.key());
        if (members == null) {
            members = NetworkMembers.empty();
        }
        long now = context.currentSystemTimeMs();
        if (change.ip().equals(network)) {
            members.networkUnbanned(); // only the network's end is sent for the network itself
        } else if (change.ended()) {
            members.unban(change.ip());
        } else if (!members.networkBannedAt(now)
                && members.ban(change.ip(), change.bannedUntil(), now)
                        >= rule.get().escalation().get().after()) {
            escalate(rule.get(), network, members, now);
        }
        if (members.isEmpty()) {
            store.delete(record.key());
        } else {
            store.put(record.key(), members);
        }
    }

    private void escalate(JailRule rule, String network, NetworkMembers members, long now) {
        PrefixEscalation escalation = rule.escalation().get();
        long banTimeMillis = escalation
                .banTime()
                .map(t -> t.isNegative() ? -1 : t.toMillis())
                .orElse(rule.banTimeMillis());
        String reason = escalation.after() + " addresses of " + network + " banned at once: "
                + String.join(" ", members.members());
        members.banNetwork(banTimeMillis < 0 ? OffenderState.PERMANENT : now + banTimeMillis);
        Command command = Command.newBuilder()
                // Deterministic, so a replay after an aborted transaction sends the same command.
                .setCommandId("escalate:" + rule.name() + "/" + network + "@" + now)
                .setAction(CommandAction.ESCALATE)
                .setJail(rule.name())
                .setIp(network)
                .setActor(ACTOR)
                .setReason(reason)
                .setIssuedAt(Instant.ofEpochMilli(now))
                .setBantimeSeconds(banTimeMillis < 0 ? -1L : banTimeMillis / 1000)
                .build();
        LOG.info("escalate jail={} network={} reason=\"{}\"", rule.name(), network, reason);
        context.forward(new Record<>(network, command, now));
    }

    @Override
    public void close() {
        // Stores are closed by Kafka Streams, never by a processor.
    }
}
