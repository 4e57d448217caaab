package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.CommandAction;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.topology.DecisionEvents.RefusedRecord;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.BanTargetRule;
import io.fleetban.fail2ban.value.BanTargetRule.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The coordinator refuses, counts and never publishes a ban of what {@link BanTargetRule} refuses, whether an
 * operator's command or a shipper's offenses name it; the client and the enforcers apply the same rule.
 */
class BanTargetRefusalTopologyTest {

    private static final String JAIL = "fail";
    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path stateDir;

    private final List<String> refused = new ArrayList<>();

    @AutoClose
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        JailRule rule =
                new JailRule(JAIL, new JailPolicy(2, Duration.ofMinutes(10), Duration.ofMinutes(10)), List.of());
        TopologyOptions options = new TopologyOptions(
                Duration.ofMillis(250),
                Duration.ofMillis(10),
                Duration.ofSeconds(60),
                new RecordingEvents(),
                new BanTargetRule(BanLimits.DEFAULT));
        harness = TopologyHarness.start(stateDir, T0, options, rule);
    }

    @ParameterizedTest(name = "banip {0} is refused: {1}")
    @CsvSource({
        "0.0.0.0/0, PREFIX_TOO_WIDE",
        "::/0, PREFIX_TOO_WIDE",
        "127.0.0.1, LOOPBACK",
        "2001:db8::/16, HOST_BITS_SET",
        "1.2.3.4/8, HOST_BITS_SET",
        "1.0.0.0/8, PREFIX_TOO_WIDE",
        "0.0.0.0, UNSPECIFIED",
        "::, UNSPECIFIED",
        "255.255.255.255, BROADCAST",
        "224.0.0.5, MULTICAST"
    })
    void aCommandBanningWhatIsNeverBannedIsRefusedAndCounted(String ip, Reason reason) {
        harness.commands.pipeInput(ip, harness.command(CommandAction.BAN, JAIL, ip, null));

        assertThat(harness.bans.isEmpty()).isTrue();
        assertThat(harness.activeBans.isEmpty()).isTrue();
        assertThat(refused).containsExactly("COMMAND " + reason);
    }

    @Test
    void anOrdinaryBanStillPasses() {
        harness.commands.pipeInput("203.0.113.0/24", harness.command(CommandAction.BAN, JAIL, "203.0.113.0/24", null));

        assertThat(harness.bans.readKeyValue().key).isEqualTo("203.0.113.0/24");
        assertThat(refused).isEmpty();
    }

    @Test
    void anUnbanOfAnOldWideBanStillPassesButHostBitsAreRefused() {
        harness.commands.pipeInput("0.0.0.0/0", harness.command(CommandAction.UNBAN, JAIL, "0.0.0.0/0", null));
        harness.commands.pipeInput("1.2.3.4/8", harness.command(CommandAction.UNBAN, JAIL, "1.2.3.4/8", null));

        assertThat(refused).containsExactly("COMMAND " + Reason.HOST_BITS_SET);
    }

    @ParameterizedTest(name = "offenses from {0} never ban: {1}")
    @CsvSource({
        "0.0.0.0, UNSPECIFIED",
        "::, UNSPECIFIED",
        "127.0.0.1, LOOPBACK",
        "::1, LOOPBACK",
        "255.255.255.255, BROADCAST",
        "ff02::1, MULTICAST"
    })
    void offensesNamingWhatIsNeverBannedAreNotCounted(String ip, Reason reason) {
        harness.offend(JAIL, ip, "web-1", T0);
        harness.offend(JAIL, ip, "web-2", T0);
        harness.offend(JAIL, ip, "web-3", T0);

        assertThat(harness.bans.isEmpty()).isTrue();
        assertThat(harness.entries(BanTopology.OFFENDERS_STORE))
                .as("nothing counted")
                .isZero();
        assertThat(refused).containsOnly("OFFENSE " + reason).hasSize(3);
    }

    @Test
    void refusalsAreLoggedOncePerReasonAndQuietPeriod() {
        RefusalLog log = new RefusalLog(RefusedRecord.OFFENSE, DecisionEvents.NONE);
        BanTargetRule rule = new BanTargetRule(BanLimits.DEFAULT);
        BanTargetRule.Refused zero = (BanTargetRule.Refused) rule.check("0.0.0.0");
        BanTargetRule.Refused loopback = (BanTargetRule.Refused) rule.check("127.0.0.1");

        assertThat(log.refused(JAIL, zero, "web-1", 0)).isTrue();
        assertThat(log.refused(JAIL, zero, "web-1", 1_000)).isFalse();
        assertThat(log.refused(JAIL, loopback, "web-1", 1_000))
                .as("another reason")
                .isTrue();
        assertThat(log.refused(JAIL, zero, "web-1", RefusalLog.QUIET_MS)).isTrue();
    }

    private final class RecordingEvents implements DecisionEvents {
        @Override
        public void refused(RefusedRecord record, Reason reason) {
            refused.add(record + " " + reason);
        }
    }
}
