package io.fleetban.coordinator.topology;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.Unban;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.MemberChange;
import io.fleetban.coordinator.state.NetworkMembers;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.fail2ban.value.IpRange;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The prefix-escalation part of the topology, present only when a jail sets {@code fleet.escalate.after}. It reads
 * the committed bans and unbans back (keyed by IP), keeps those of single addresses that automatic rules banned,
 * re-keys them by (jail, network) through a repartition topic, and lets the {@link EscalationProcessor} count them.
 * Its ESCALATE commands go to the commands topic keyed by the network, the partition an operator's command for that
 * network uses too.
 *
 * <pre>
 *   bans, unbans -> members by network -> escalation-members (repartition) -> escalation-processor -> commands
 * </pre>
 */
final class EscalationBranch {

    static final String REPARTITION = "escalation-members";
    static final String PROCESSOR = "escalation-processor";

    private final JailRules rules;

    private EscalationBranch(JailRules rules) {
        this.rules = rules;
    }

    static boolean needed(JailRules rules) {
        return rules.all().stream().anyMatch(rule -> rule.escalation().isPresent());
    }

    static void addTo(StreamsBuilder builder, JailRules rules, Topics topics) {
        EscalationBranch branch = new EscalationBranch(rules);
        Topic<String, BanDecision> bans = topics.bans();
        Topic<String, Unban> unbans = topics.unbans();
        Topic<String, Command> commands = topics.commands();
        // From the earliest offset on a new group: bans still in force count again; ended ones are dropped.
        KStream<String, MemberChange> started = builder.stream(
                        bans.name(),
                        Consumed.with(bans.keySerde(), bans.valueSerde())
                                .withName("escalation-bans-source")
                                .withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .flatMap((ip, ban) -> branch.started(ban), Named.as("escalation-ban-members"));
        KStream<String, MemberChange> ended = builder.stream(
                        unbans.name(),
                        Consumed.with(unbans.keySerde(), unbans.valueSerde())
                                .withName("escalation-unbans-source")
                                .withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .flatMap((ip, unban) -> branch.ended(unban), Named.as("escalation-unban-members"));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BanTopology.NETWORK_MEMBERS_STORE),
                        Serdes.String(),
                        NetworkMembers.serde())
                .withCachingDisabled());
        started.merge(ended, Named.as("escalation-merge"))
                .repartition(Repartitioned.with(Serdes.String(), MemberChange.serde())
                        .withName(REPARTITION))
                .process(() -> new EscalationProcessor(rules), Named.as(PROCESSOR), BanTopology.NETWORK_MEMBERS_STORE)
                .to(
                        commands.name(),
                        Produced.with(commands.keySerde(), commands.valueSerde())
                                .withStreamPartitioner(OffenderRouting.partitioner())
                                .withName("escalation-commands-sink"));
    }

    /** An automatic ban of one address in a jail that escalates, keyed by its network. */
    private List<KeyValue<String, MemberChange>> started(BanDecision ban) {
        if (ban == null || ban.getSource() != BanSource.AUTO) {
            return List.of(); // operators' and escalation's own bans never escalate
        }
        return member(ban.getJail(), ban.getIp())
                .map(m -> List.of(KeyValue.pair(
                        m.key(),
                        new MemberChange(
                                ban.getJail(),
                                m.ip(),
                                ban.getExpiresAt() == null
                                        ? OffenderState.PERMANENT
                                        : ban.getExpiresAt().toEpochMilli()))))
                .orElse(List.of());
    }

    /** The end of a member's ban, or of the network's own ban. */
    private List<KeyValue<String, MemberChange>> ended(Unban unban) {
        if (unban == null) {
            return List.of();
        }
        Optional<PrefixEscalation> escalation = escalation(unban.getJail());
        if (escalation.isPresent() && unban.getIp().indexOf('/') >= 0) {
            IpRange network = IpRange.parse(unban.getIp());
            if (network.equals(escalation.get().networkOf(network.network()))) {
                String target = network.banTarget();
                return List.of(KeyValue.pair(
                        OffenderKey.of(unban.getJail(), target),
                        new MemberChange(unban.getJail(), target, MemberChange.ENDED)));
            }
            return List.of();
        }
        return member(unban.getJail(), unban.getIp())
                .map(m ->
                        List.of(KeyValue.pair(m.key(), new MemberChange(unban.getJail(), m.ip(), MemberChange.ENDED))))
                .orElse(List.of());
    }

    /** A single address's network key, unless the jail does not escalate or the network holds an ignoreip. */
    private Optional<Member> member(String jail, String ipText) {
        Optional<JailRule> rule = rules.find(jail);
        if (rule.isEmpty() || rule.get().escalation().isEmpty() || ipText.indexOf('/') >= 0) {
            return Optional.empty();
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(ipText);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the coordinator wrote it, but a topic is still input
        }
        IpRange network = rule.get().escalation().get().networkOf(ip.address());
        if (rule.get().overlapsIgnored(network)) {
            return Optional.empty();
        }
        return Optional.of(new Member(OffenderKey.of(jail, network.banTarget()), ip.canonical()));
    }

    private Optional<PrefixEscalation> escalation(String jail) {
        return rules.find(jail).flatMap(JailRule::escalation);
    }

    private record Member(String key, String ip) {}
}
