package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Offense;
import io.fleetban.coordinator.JailRule;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the topology reports to the metrics: decisions by source and reason, uncounted offenses, clock skew. */
class DecisionEventsTopologyTest {

    private static final String JAIL = "fail";
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration MAX_SKEW = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private final RecordingEvents recording = new RecordingEvents();
    private final List<String> events = recording.events;

    @AutoClose
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        JailRule rule = new JailRule(
                JAIL,
                new JailPolicy(2, Duration.ofMinutes(10), Duration.ofSeconds(30)),
                List.of(IpRange.parse("10.0.0.0/8")));
        TopologyOptions options =
                new TopologyOptions(Duration.ofMillis(250), Duration.ofMillis(10), MAX_SKEW, recording);
        harness = TopologyHarness.start(stateDir, T0, options, rule);
    }

    @Test
    void bansAndUnbansAreReportedBySourceAndReason() {
        offend("203.0.113.1", T0, "web-1");
        offend("203.0.113.1", T0, "web-2");
        command(CommandAction.BAN, "198.51.100.9");
        command(CommandAction.UNBAN, "198.51.100.9");
        harness.advance(Duration.ofSeconds(31));

        assertThat(harness.bans.readValuesToList()).hasSize(2);
        assertThat(events)
                .containsExactly(
                        "banned fail AUTO", "banned fail MANUAL", "unbanned fail MANUAL", "unbanned fail EXPIRED");
    }

    @Test
    void offensesNotCountedAreReportedWithTheirReason() {
        offend("203.0.113.2", T0.minus(Duration.ofMinutes(11)), "web-1");
        offend("10.1.2.3", T0, "web-1");
        Offense offense = offense("203.0.113.2", T0, "web-1");
        harness.offenses.pipeInput(offense.getIp(), offense);
        harness.offenses.pipeInput(offense.getIp(), offense);

        assertThat(events)
                .containsExactly(
                        "not counted fail TOO_OLD", "not counted fail IGNORED_IP", "not counted fail DUPLICATE");
    }

    @Test
    void anOffenseFarAheadOfTheClockIsReportedAndCountedAsNow() {
        offend("203.0.113.3", T0.plusSeconds(30), "web-1");
        assertThat(events).as("within the allowed skew").isEmpty();

        offend("203.0.113.3", T0.plus(Duration.ofHours(2)), "web-7");

        assertThat(events).containsExactly("clock skewed fail web-7 7200000", "banned fail AUTO");
        assertThat(harness.bans.readValue().getExpiresAt())
                .as("banned at now, not at the future time")
                .isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void badRecordsAreReportedAsSkipped() {
        harness.offenses.pipeInput("x", offense("not-an-ip", T0, "web-1"));
        Offense unknownJail = offense("203.0.113.4", T0, "web-1");
        unknownJail.setJail("nosuchjail");
        harness.offenses.pipeInput("203.0.113.4", unknownJail);
        command(CommandAction.BAN, "999.1.1.1");

        assertThat(events).containsExactly("skipped INVALID_IP", "skipped UNKNOWN_JAIL", "skipped INVALID_IP");
    }

    private void offend(String ip, Instant time, String host) {
        harness.offend(JAIL, ip, host, time);
    }

    private Offense offense(String ip, Instant time, String host) {
        return harness.offense(JAIL, ip, host, time);
    }

    private void command(CommandAction action, String ip) {
        harness.commands.pipeInput(ip, harness.command(action, JAIL, ip, null));
    }
}
