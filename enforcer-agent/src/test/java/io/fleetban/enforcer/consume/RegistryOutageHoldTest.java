package io.fleetban.enforcer.consume;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.consume.DecisionRecords.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import io.fleetban.enforcer.backend.TestClock;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.fleetban.testkit.SchemaRegistryDouble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision loop while the Schema Registry is down, with the real serde against a registry double: a decision
 * whose writer schema cannot be fetched is held (not skipped, not counted undecodable), nothing after it is applied
 * first, and it is applied once the registry answers; garbage is still skipped and counted.
 *
 * <p>Kafka's MockConsumer forgets records once polled, so the "broker" here re-offers every record it holds after
 * each poll ({@link #offerAll()}); the consumer's position decides what it reads, as on a real broker.
 */
class RegistryOutageHoldTest {

    private SchemaRegistryDouble registry;
    private Topics writer;
    private Topics reader;
    private String bans;
    private MockDecisionTopics kafka;
    private MockConsumer<byte[], byte[]> consumer;
    private final TestClock clock = new TestClock(NOW);
    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final EnforcerMetrics metrics = new EnforcerMetrics();
    private final List<ConsumerRecord<byte[], byte[]>> broker = new ArrayList<>();
    private DecisionConsumer decisions;

    @BeforeEach
    void wire() throws IOException, FirewallException {
        registry = SchemaRegistryDouble.start(1);
        final KafkaSettings settings = KafkaSettings.parse(
                Map.of(
                        "bootstrap.servers",
                        "localhost:9092",
                        "schema.registry.url",
                        registry.url().toString()),
                "test.conf");
        // Separate registry clients: the reader must fetch writer schemas itself, as another host would.
        writer = Topics.create(settings);
        reader = Topics.create(settings);
        bans = reader.bans().name();
        kafka = new MockDecisionTopics(reader);
        consumer = kafka.consumer();
        final IpsetBackend backend = new IpsetBackend(runner, clock, 1000);
        backend.init(List.of(FAIL));
        final HostBanList banList = new HostBanList(Duration.ofMinutes(10), 1000);
        final BanGuard guard = new BanGuard(List.of(FAIL), List.of(), Set.of(), Set.of(), BanLimits.DEFAULT, metrics);
        // Reconcile and the drift check (which would refill the sets the recorder never lists) out of the way of the
        // clock the backoffs advance.
        decisions = new DecisionConsumer(
                consumer,
                reader,
                new DecisionDecoder(reader, guard, metrics),
                banList,
                new FirewallSync(backend, banList, clock, Duration.ofHours(1), Duration.ofHours(1), metrics),
                clock,
                metrics);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void aDecisionWhoseSchemaTheRegistryCannotServeIsHeldAndAppliedInOrderWhenItAnswers() {
        decisions.bootstrap(Duration.ofSeconds(5));
        runner.clear();
        final byte[] first = ban("198.51.100.7");
        final byte[] second = ban("198.51.100.8");
        final byte[] third = ban("198.51.100.9");
        registry.failNextRequests(1_000_000, 503);
        add(0, first);
        add(0, second);
        add(1, third);

        pollAgainAndAgain(3);

        assertThat(appliedIps()).isEmpty();
        assertThat(metrics.total(EnforcerMetrics.RECORDS_UNDECODABLE)).isZero();
        assertThat(consumer.position(new TopicPartition(bans, 0))).isZero();
        assertThat(consumer.position(new TopicPartition(bans, 1))).isZero();
        assertThat(consumer.paused()).isNotEmpty();

        registry.failNextRequests(0, 503);
        clock.advance(RegistryOutageHold.MAX_BACKOFF);
        pollAgainAndAgain(1);

        assertThat(appliedIps()).containsExactlyInAnyOrder("198.51.100.7", "198.51.100.8", "198.51.100.9");
        assertThat(consumer.paused()).isEmpty();
        assertThat(consumer.position(new TopicPartition(bans, 0))).isEqualTo(2);
        assertThat(consumer.position(new TopicPartition(bans, 1))).isEqualTo(1);
    }

    @Test
    void whatWasAppliedBeforeTheHeldRecordIsNotAppliedTwiceAndWhatCameAfterIsNotLost() throws IOException {
        decisions.bootstrap(Duration.ofSeconds(5));
        add(0, ban("198.51.100.6"));
        pollAgainAndAgain(1);
        // The bans schema is cached now; the unbans schema is not.
        final byte[] lateBan = ban("198.51.100.7");
        final byte[] unban = unban("198.51.100.6");
        registry.goDown();
        add(0, lateBan);
        addTo(reader.unbans().name(), 0, unban);

        pollAgainAndAgain(2);
        registry.comeBack();
        pollAgainAndAgain(2);

        assertThat(appliedIps()).containsExactlyInAnyOrder("198.51.100.6", "198.51.100.7");
        assertThat(restoredLines()).contains("del fleetban-fail-v4 198.51.100.6");
    }

    @Test
    void theHoldIsRetriedOnlyAfterTheBackoff() {
        decisions.bootstrap(Duration.ofSeconds(5));
        add(0, ban("198.51.100.7"));
        registry.goDown();
        offerAll();
        decisions.pollOnce(Duration.ZERO);
        final long triesAfterTheFirstPoll = registry.requestsTo("GET", "/schemas/ids/1");

        offerAll();
        decisions.pollOnce(Duration.ZERO);
        clock.advance(RegistryOutageHold.FIRST_BACKOFF.minusMillis(1));
        offerAll();
        decisions.pollOnce(Duration.ZERO);

        assertThat(registry.requestsTo("GET", "/schemas/ids/1")).isEqualTo(triesAfterTheFirstPoll);
        assertThat(consumer.paused()).isNotEmpty();
    }

    @Test
    void garbageIsStillSkippedAndCountedWhileGoodDecisionsAroundItApply() {
        decisions.bootstrap(Duration.ofSeconds(5));
        runner.clear();
        add(0, "garbage".getBytes(StandardCharsets.UTF_8));
        add(0, ban("198.51.100.7"));

        offerAll();
        decisions.pollOnce(Duration.ZERO);

        assertThat(appliedIps()).containsExactly("198.51.100.7");
        assertThat(metrics.count(EnforcerMetrics.RECORDS_UNDECODABLE, bans)).isEqualTo(1);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void startUpWaitsForTheRegistryRatherThanStartingWithPartOfTheBanList() {
        final TopicPartition active = new TopicPartition(reader.activeBans().name(), 0);
        consumer.updateEndOffsets(Map.of(active, 1L));
        final byte[] bytes =
                serialized(writer.activeBans(), DecisionRecords.activeBan("198.51.100.2", NOW, NOW.plusSeconds(60)));
        consumer.schedulePollTask(() -> consumer.addRecord(kafka.nextRecord(active, "fail/198.51.100.2", bytes)));
        registry.goDown();

        assertThatThrownBy(() -> decisions.bootstrap(Duration.ofMillis(500)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("active-bans not decodable before the start-up deadline");
        assertThat(metrics.total(EnforcerMetrics.RECORDS_UNDECODABLE)).isZero();
    }

    /** Polls {@code times} times, the broker offering every record again before each poll. */
    private void pollAgainAndAgain(int times) {
        for (int i = 0; i < times; i++) {
            offerAll();
            decisions.pollOnce(Duration.ZERO);
            clock.advance(RegistryOutageHold.MAX_BACKOFF);
        }
    }

    private void offerAll() {
        broker.forEach(consumer::addRecord);
    }

    private List<String> appliedIps() {
        return restoredLines().stream()
                .filter(line -> line.startsWith("add fleetban-fail-v4 "))
                .map(line -> line.split(" ")[2])
                .filter(ip -> !ip.equals(IpFamily.IPV4.canary()))
                .toList();
    }

    /** Every line of every script given to ipset restore, in order. */
    private List<String> restoredLines() {
        return runner.stdinOf("ipset -exist restore").stream()
                .flatMap(String::lines)
                .toList();
    }

    private void add(int partition, byte[] value) {
        addTo(bans, partition, value);
    }

    private void addTo(String topic, int partition, byte[] value) {
        broker.add(kafka.nextRecord(new TopicPartition(topic, partition), "k", value));
    }

    private byte[] unban(String ip) {
        return serialized(writer.unbans(), DecisionRecords.unban(ip, NOW.plusSeconds(5)));
    }

    /** A ban decided one millisecond after each record already on the broker, so decision time follows write order. */
    private byte[] ban(String ip) {
        final Instant decidedAt = NOW.plusMillis(broker.size());
        return serialized(writer.bans(), DecisionRecords.ban(ip, decidedAt, decidedAt.plusSeconds(600)));
    }
}
