package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.CommandAction;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.hosts.HostJudgeTestAccess;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every instance holds the enforcers' statuses and the whole active-bans topic in global stores. */
class FleetViewTopologyTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path stateDir;

    @AutoClose
    private TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = TopologyHarness.start(
                stateDir,
                T0,
                new JailRule("fail", new JailPolicy(2, Duration.ofMinutes(10), Duration.ofMinutes(10)), List.of()));
    }

    @Test
    void statusesAndTheFleetsBansAreMaterializedAndCompactedByKey() {
        Topics topics = Topics.create(KafkaSettings.local("unused:9092"));
        TestInputTopic<String, EnforcerStatus> statuses = harness.driver.createInputTopic(
                topics.enforcerStatus().name(),
                new StringSerializer(),
                topics.enforcerStatus().valueSerde().serializer());
        statuses.pipeInput("web-1", HostJudgeTestAccess.status("web-1", T0));
        statuses.pipeInput("web-2", HostJudgeTestAccess.status("web-2", T0));
        statuses.pipeInput("web-1", HostJudgeTestAccess.status("web-1", T0.plusSeconds(10)));
        // The coordinator's own active-bans output, read back by the global table (the driver forwards it).
        harness.commands.pipeInput("203.0.113.7", harness.command(CommandAction.BAN, "fail", "203.0.113.7", null));
        harness.activeBans
                .readKeyValuesToList()
                .forEach(kv -> harness.driver
                        .createInputTopic(
                                topics.activeBans().name(),
                                new StringSerializer(),
                                topics.activeBans().valueSerde().serializer())
                        .pipeInput(kv.key, kv.value));

        KeyValueStore<String, EnforcerStatus> status =
                harness.driver.getKeyValueStore(BanTopology.ENFORCER_STATUS_STORE);
        assertThat(harness.entries(BanTopology.ENFORCER_STATUS_STORE)).isEqualTo(2);
        assertThat(status.get("web-1").getPublishedAt()).isEqualTo(T0.plusSeconds(10));
        KeyValueStore<String, Object> fleet = harness.driver.getKeyValueStore(BanTopology.FLEET_ACTIVE_BANS_STORE);
        assertThat(fleet.get("fail/203.0.113.7")).isNotNull();
    }
}
