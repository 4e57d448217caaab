package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Offense;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.topology.DecisionEvents.NotCounted;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
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

    private final List<String> events = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Offense> offenses;
    private TestInputTopic<String, Command> commands;
    private TestOutputTopic<String, BanDecision> bans;

    @BeforeEach
    void start() {
        JailRule rule = new JailRule(JAIL, new JailPolicy(2, Duration.ofMinutes(10), Duration.ofSeconds(30)),
                List.of(IpRange.parse("10.0.0.0/8")));
        TopologyOptions options = new TopologyOptions(Duration.ofMillis(250), Duration.ofMillis(10), MAX_SKEW,
                new RecordingEvents());
        TopologyHarness harness = TopologyHarness.start(stateDir, T0, options, rule);
        driver = harness.driver;
        offenses = harness.offenses;
        commands = harness.commands;
        bans = harness.bans;
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void bansAndUnbansAreReportedBySourceAndReason() {
        offend("203.0.113.1", T0, "web-1");
        offend("203.0.113.1", T0, "web-2");
        command(CommandAction.BAN, "198.51.100.9");
        command(CommandAction.UNBAN, "198.51.100.9");
        driver.advanceWallClockTime(Duration.ofSeconds(31));

        assertThat(bans.readValuesToList()).hasSize(2);
        assertThat(events).containsExactly("banned fail AUTO", "banned fail MANUAL", "unbanned fail MANUAL",
                "unbanned fail EXPIRED");
    }

    @Test
    void offensesNotCountedAreReportedWithTheirReason() {
        offend("203.0.113.2", T0.minus(Duration.ofMinutes(11)), "web-1");
        offend("10.1.2.3", T0, "web-1");
        Offense offense = offense("203.0.113.2", T0, "web-1");
        offenses.pipeInput(offense.getIp(), offense);
        offenses.pipeInput(offense.getIp(), offense);

        assertThat(events).containsExactly("not counted fail TOO_OLD", "not counted fail IGNORED_IP",
                "not counted fail DUPLICATE");
    }

    @Test
    void anOffenseFarAheadOfTheClockIsReportedAndCountedAsNow() {
        offend("203.0.113.3", T0.plusSeconds(30), "web-1");
        assertThat(events).as("within the allowed skew").isEmpty();

        offend("203.0.113.3", T0.plus(Duration.ofHours(2)), "web-7");

        assertThat(events).containsExactly("clock skewed fail web-7 7200000", "banned fail AUTO");
        assertThat(bans.readValue().getExpiresAt()).as("banned at now, not at the future time")
                .isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void badRecordsAreReportedAsSkipped() {
        offenses.pipeInput("x", offense("not-an-ip", T0, "web-1"));
        Offense unknownJail = offense("203.0.113.4", T0, "web-1");
        unknownJail.setJail("nosuchjail");
        offenses.pipeInput("203.0.113.4", unknownJail);
        command(CommandAction.BAN, "999.1.1.1");

        assertThat(events).containsExactly("skipped INVALID_IP", "skipped UNKNOWN_JAIL", "skipped INVALID_IP");
    }

    private void offend(String ip, Instant time, String host) {
        offenses.pipeInput(ip, offense(ip, time, host));
    }

    private Offense offense(String ip, Instant time, String host) {
        return Offense.newBuilder().setOffenseId(host + ":" + ids.incrementAndGet()).setJail(JAIL).setIp(ip)
                .setHostId(host).setEventTime(time).setIngestTime(T0).setSource("/var/log/app.log")
                .setLine("failed login from " + ip).build();
    }

    private void command(CommandAction action, String ip) {
        commands.pipeInput(ip, Command.newBuilder().setCommandId("cmd-" + ids.incrementAndGet()).setAction(action)
                .setJail(JAIL).setIp(ip).setActor("alice@ops").setReason(null).setIssuedAt(T0)
                .setBantimeSeconds(null).build());
    }

    private final class RecordingEvents implements DecisionEvents {
        @Override
        public void banned(String jail, BanSource source) {
            events.add("banned " + jail + " " + source);
        }

        @Override
        public void unbanned(String jail, UnbanReason reason) {
            events.add("unbanned " + jail + " " + reason);
        }

        @Override
        public void skipped(SkipReason reason) {
            events.add("skipped " + reason);
        }

        @Override
        public void notCounted(String jail, NotCounted why) {
            events.add("not counted " + jail + " " + why);
        }

        @Override
        public void clockSkewed(String jail, String hostId, long aheadMillis) {
            events.add("clock skewed " + jail + " " + hostId + " " + aheadMillis);
        }
    }
}
