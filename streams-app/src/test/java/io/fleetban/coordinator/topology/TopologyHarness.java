package io.fleetban.coordinator.topology;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Command;
import io.fleetban.avro.CommandAction;
import io.fleetban.avro.Offense;
import io.fleetban.avro.Unban;
import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.JailRules;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import io.fleetban.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The real topology in a {@link TopologyTestDriver}, with fleetban's topics as test input and output topics, the
 * driver's mocked wall clock, and offenses and commands as shippers and operators send them.
 */
final class TopologyHarness implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, Offense> offenses;
    final TestInputTopic<String, Command> commands;
    final TestOutputTopic<String, BanDecision> bans;
    final TestOutputTopic<String, Unban> unbans;
    final TestOutputTopic<String, ActiveBan> activeBans;
    private final Instant start;
    private Duration elapsed = Duration.ZERO;
    /** Numbers offense and command ids: the topology counts an offense id it has seen once. */
    private int ids;

    private TopologyHarness(Path stateDir, Instant start, TopologyOptions options, JailRule... jails) {
        Topics topics = Topics.create(KafkaSettings.local("unused:9092"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(BanTopology.build(JailRules.of(jails), topics, options), props, start);
        this.start = start;
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

    /** The driver's mocked wall clock, which the coordinator reads for every decision. */
    Instant now() {
        return start.plus(elapsed);
    }

    /** Moves the wall clock on, running the punctuations (ban expiry, pruning) that fall due. */
    void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** An offense as a shipper on {@code host} sends it, with an id of its own, ingested now. */
    Offense offense(String jail, String ip, String host, Instant eventTime) {
        return Offense.newBuilder()
                .setOffenseId(host + ":" + ++ids)
                .setJail(jail)
                .setIp(ip)
                .setHostId(host)
                .setEventTime(eventTime)
                .setIngestTime(now())
                .setSource("/var/log/app.log")
                .setLine(eventTime + " failed login from " + ip)
                .build();
    }

    /** Sends a new offense keyed by its IP, as the shipper does, and returns it (to send it again). */
    Offense offend(String jail, String ip, String host, Instant eventTime) {
        Offense offense = offense(jail, ip, host, eventTime);
        offenses.pipeInput(ip, offense);
        return offense;
    }

    /** A command as alice@ops issues it now, without a reason; {@code bantimeSeconds} null for the jail's bantime. */
    Command command(CommandAction action, String jail, String ip, Long bantimeSeconds) {
        return Command.newBuilder()
                .setCommandId("cmd-" + ++ids)
                .setAction(action)
                .setJail(jail)
                .setIp(ip)
                .setActor("alice@ops")
                .setReason(null)
                .setIssuedAt(now())
                .setBantimeSeconds(bantimeSeconds)
                .build();
    }

    /** The number of entries in a key-value store of the topology. */
    long entries(String store) {
        try (KeyValueIterator<?, ?> all = driver.getKeyValueStore(store).all()) {
            long count = 0;
            while (all.hasNext()) {
                all.next();
                count++;
            }
            return count;
        }
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), new StringSerializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(
                topic.name(), new StringDeserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
