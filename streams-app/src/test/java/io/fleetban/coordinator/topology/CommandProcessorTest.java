package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.coordinator.state.OffenderKey;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.coordinator.state.SafetyValveState;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command processor alone: fail2ban-client's banip, unbanip and unban --all, resume and network escalation. */
class CommandProcessorTest {

    private static final String JAIL = "fail";
    private static final String OTHER_JAIL = "sshd";
    private static final String IP = "203.0.113.7";
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final Duration BANTIME = Duration.ofSeconds(60);

    private final ProcessorFixture fixture = new ProcessorFixture(T0);
    private CommandProcessor processor;
    private int ids;

    @BeforeEach
    void init() {
        JailRule fail = new JailRule(
                JAIL, new JailPolicy(3, Duration.ofMinutes(10), BANTIME), List.of(IpRange.parse("10.0.0.0/8")));
        JailRule sshd = new JailRule(OTHER_JAIL, new JailPolicy(3, Duration.ofMinutes(10), BANTIME), List.of());
        processor = new CommandProcessor(JailRules.of(fail, sshd), fixture.options);
        processor.init(fixture.context);
    }

    @Test
    void shouldBanManuallyWithTheJailsBantimeAndTheActor() {
        send(command(CommandAction.BAN, JAIL, IP, null));

        BanDecision ban = (BanDecision) single(fixture.valuesTo(BanTopology.BANS_SINK));
        assertThat(ban.getSource()).isEqualTo(BanSource.MANUAL);
        assertThat(ban.getActor()).isEqualTo("alice@ops");
        assertThat(ban.getReason()).isEqualTo("manual ban by alice@ops");
        assertThat(ban.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + BANTIME.toMillis()));
        assertThat(fixture.stores.activeBans().get(OffenderKey.of(JAIL, IP)).actor())
                .isEqualTo("alice@ops");
        assertThat(fixture.stores.offenders().get(OffenderKey.of(JAIL, IP)).isBanned())
                .isTrue();
    }

    @Test
    void shouldBanForTheCommandsBantimeOrPermanentlyWhenNegative() {
        send(command(CommandAction.BAN, JAIL, IP, 3600L));
        send(command(CommandAction.BAN, JAIL, "198.51.100.9", -1L));

        List<SpecificRecord> bans = fixture.valuesTo(BanTopology.BANS_SINK);
        assertThat(((BanDecision) bans.get(0)).getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + 3_600_000));
        assertThat(((BanDecision) bans.get(1)).getExpiresAt()).as("permanent").isNull();
        assertThat(fixture.stores
                        .offenders()
                        .get(OffenderKey.of(JAIL, "198.51.100.9"))
                        .bannedUntil())
                .isEqualTo(OffenderState.PERMANENT);
    }

    @Test
    void shouldIgnoreABanOfAnAddressAlreadyBanned() {
        send(command(CommandAction.BAN, JAIL, IP, null));
        fixture.context.resetForwards();

        send(command(CommandAction.BAN, JAIL, IP, 3600L));

        assertThat(fixture.context.forwarded()).isEmpty();
    }

    @Test
    void shouldUnbanAndResetTheCount() {
        OffenderState counted = OffenderState.empty(3);
        counted.record(T0, 42, "web-1", 3);
        fixture.stores.offenders().put(OffenderKey.of(JAIL, "198.51.100.9"), counted);
        send(command(CommandAction.BAN, JAIL, IP, null));
        fixture.context.resetForwards();

        send(command(CommandAction.UNBAN, JAIL, IP, null));
        send(command(CommandAction.UNBAN, JAIL, "198.51.100.9", null));

        Unban unban = (Unban) single(fixture.valuesTo(BanTopology.UNBANS_SINK));
        assertThat(unban.getDecisionId()).isEqualTo(OffenderKey.of(JAIL, IP) + "@" + T0);
        assertThat(unban.getReason()).isEqualTo(UnbanReason.MANUAL);
        assertThat(unban.getActor()).isEqualTo("alice@ops");
        assertThat(fixture.valuesTo(BanTopology.ACTIVE_BANS_SINK)).containsExactly((SpecificRecord) null);
        assertThat(fixture.stores.activeBans().get(OffenderKey.of(JAIL, IP))).isNull();
        assertThat(fixture.stores
                        .offenders()
                        .get(OffenderKey.of(JAIL, "198.51.100.9"))
                        .failures())
                .as("unbanip resets the count of an address that is not banned")
                .isZero();
    }

    @Test
    void shouldDoNothingWhenUnbanningAnUnknownAddress() {
        send(command(CommandAction.UNBAN, JAIL, IP, null));

        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(fixture.stores.offenders().approximateNumEntries()).isZero();
    }

    @Test
    void shouldUnbanEveryBanOfOneJailAndResumeItsValve() {
        send(command(CommandAction.BAN, JAIL, IP, null));
        send(command(CommandAction.BAN, JAIL, "198.51.100.9", null));
        send(command(CommandAction.BAN, OTHER_JAIL, IP, null));
        fixture.stores.safetyValve().put(JAIL, new SafetyValveState(T0, 5, true, 1));
        fixture.context.resetForwards();

        send(command(CommandAction.UNBAN_ALL, JAIL, null, null));

        assertThat(fixture.valuesTo(BanTopology.UNBANS_SINK))
                .extracting(u -> ((Unban) u).getIp())
                .containsExactlyInAnyOrder(IP, "198.51.100.9");
        assertThat(fixture.stores.activeBans().get(OffenderKey.of(OTHER_JAIL, IP)))
                .as("other jail")
                .isNotNull();
        assertThat(fixture.stores.safetyValve().get(JAIL).tripped()).isFalse();
    }

    @Test
    void shouldResumeATrippedValveAndKeepTheBans() {
        send(command(CommandAction.BAN, JAIL, IP, null));
        fixture.stores.safetyValve().put(JAIL, new SafetyValveState(T0, 5, true, 1));
        fixture.context.resetForwards();

        send(command(CommandAction.RESUME, JAIL, null, null));

        assertThat(fixture.stores.safetyValve().get(JAIL)).isEqualTo(new SafetyValveState(0, 0, false, 1));
        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(fixture.stores.activeBans().get(OffenderKey.of(JAIL, IP))).isNotNull();
    }

    @Test
    void shouldBanANetworkOnEscalationButNeverOverIgnoreipOrASingleAddress() {
        send(command(CommandAction.ESCALATE, JAIL, "198.51.100.0/24", null));
        send(command(CommandAction.ESCALATE, JAIL, "10.1.0.0/16", null));
        send(command(CommandAction.ESCALATE, JAIL, IP, null));

        BanDecision ban = (BanDecision) single(fixture.valuesTo(BanTopology.BANS_SINK));
        assertThat(ban.getIp()).isEqualTo("198.51.100.0/24");
        assertThat(ban.getSource()).isEqualTo(BanSource.ESCALATION);
        // 10.1.0.0/16 is wider than [bans] max.prefix.v4 allows: refused before it could be a ban.
        assertThat(fixture.events.events)
                .containsExactly("banned fail ESCALATION", "refused COMMAND PREFIX_TOO_WIDE", "skipped INVALID_IP");
    }

    @Test
    void shouldSkipCommandsItCannotApply() {
        send(command(CommandAction.BAN, JAIL, "999.1.1.1", null));
        send(command(CommandAction.BAN, "nosuchjail", IP, null));
        processor.process(new Record<>(IP, null, T0));

        assertThat(fixture.context.forwarded()).isEmpty();
        assertThat(fixture.events.events)
                .containsExactly("skipped INVALID_IP", "skipped UNKNOWN_JAIL", "skipped NO_VALUE");
    }

    private static <T> T single(List<T> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private void send(Command command) {
        processor.process(new Record<>(command.getIp(), command, fixture.context.currentSystemTimeMs()));
    }

    private Command command(CommandAction action, String jail, String ip, Long bantimeSeconds) {
        return Command.newBuilder()
                .setCommandId("cmd-" + ++ids)
                .setAction(action)
                .setJail(jail)
                .setIp(ip)
                .setActor("alice@ops")
                .setReason(null)
                .setIssuedAt(Instant.ofEpochMilli(T0))
                .setBantimeSeconds(bantimeSeconds)
                .build();
    }
}
