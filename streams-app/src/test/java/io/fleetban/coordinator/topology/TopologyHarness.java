package io.fleetban.coordinator.topology;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Command;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.coordinator.JailPolicies;
import io.fleetban.coordinator.JailRule;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology in a {@link TopologyTestDriver}, with fleetban's topics as test input and output topics. */
final class TopologyHarness implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, Offense> offenses;
    final TestInputTopic<String, Command> commands;
    final TestOutputTopic<String, BanDecision> bans;
    final TestOutputTopic<String, Unban> unbans;
    final TestOutputTopic<String, ActiveBan> activeBans;

    private TopologyHarness(Path stateDir, Instant start, TopologyOptions options, JailRule... jails) {
        Topics topics = Topics.create(KafkaSettings.local("unused:9092"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(BanTopology.build(JailPolicies.of(jails), topics, options), props, start);
        offenses = input(topics.offenses());
        commands = input(topics.commands());
        bans = output(topics.bans());
        unbans = output(topics.unbans());
        activeBans = output(topics.activeBans());
    }

    /** The topology of these jails with the default options, its wall clock at {@code start}. */
    static TopologyHarness start(Path stateDir, Instant start, JailRule... jails) {
        return new TopologyHarness(stateDir, start, TopologyOptions.DEFAULT, jails);
    }

    static TopologyHarness start(Path stateDir, Instant start, TopologyOptions options, JailRule... jails) {
        return new TopologyHarness(stateDir, start, options, jails);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
