package io.fleetban.enforcer.consume;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.consume.DecisionRecords.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fleetban.avro.EnforcerStatus;
import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import io.fleetban.enforcer.backend.TestClock;
import io.fleetban.enforcer.backend.dryrun.DryRunBackend;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import io.fleetban.enforcer.status.EnforcerStatusTracker;
import io.fleetban.enforcer.status.StatusPublisher;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decision loop against Kafka's MockConsumer: start-up rebuild, ordering across topics, bad records. */
class DecisionConsumerTest {

    /** The v4 set's create line a batch starts with (see IpsetScript). */
    private static final String CREATE_V4 =
            "create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000\n";

    private final Topics topics = Topics.create(KafkaSettings.local("localhost:9092"));
    private final String bans = topics.bans().name();
    private final String unbans = topics.unbans().name();
    private final String activeBans = topics.activeBans().name();
    private final MockDecisionTopics kafka = new MockDecisionTopics(topics);
    private final MockConsumer<byte[], byte[]> consumer = kafka.consumer();
    private final TestClock clock = new TestClock(NOW);
    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EnforcerMetrics metrics = new EnforcerMetrics(registry);
    private HostBanList banList;
    private FirewallSync sync;
    private DecisionConsumer decisions;

    @BeforeEach
    void wire() throws FirewallException {
        final IpsetBackend backend = new IpsetBackend(runner, clock, 1000);
        backend.init(List.of(FAIL));
        runner.clear();
        banList = new HostBanList(Duration.ofMinutes(10), 1000);
        sync = new FirewallSync(backend, banList, clock, Duration.ofSeconds(60), metrics);
        decisions = new DecisionConsumer(
                consumer, topics, new DecisionDecoder(topics, guard(), metrics), banList, sync, clock, metrics);
    }

    private BanGuard guard() {
        return new BanGuard(
                List.of(FAIL),
                List.of(),
                Set.of(IpAddress.parse("198.51.100.1").address()),
                Set.of(),
                BanLimits.DEFAULT,
                metrics);
    }

    @Test
    void shouldRebuildFromTheLatestActiveBansSkippingTombstonesExpiredAndUndecodableRecords() {
        final TopicPartition active = new TopicPartition(activeBans, 0);
        consumer.updateEndOffsets(Map.of(active, 5L));
        consumer.schedulePollTask(() -> {
            addActive(active, "fail/198.51.100.2", activeBan("198.51.100.2", NOW.plusSeconds(60)));
            addActive(active, "fail/198.51.100.3", activeBan("198.51.100.3", NOW.plusSeconds(60)));
            addActive(active, "fail/198.51.100.3", null);
            addActive(active, "fail/198.51.100.4", activeBan("198.51.100.4", NOW.minusSeconds(1)));
            addActive(active, "fail/198.51.100.5", "not avro".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(decisions.bootstrap(Duration.ofSeconds(5))).isEqualTo(1);

        assertThat(restoreScripts()).containsExactly(CREATE_V4 + "add fleetban-fail-v4 198.51.100.2 timeout 60\n");
        assertThat(metrics.count(EnforcerMetrics.RECORDS_UNDECODABLE, activeBans))
                .isEqualTo(1);
        assertThat(consumer.assignment())
                .containsExactlyInAnyOrder(
                        new TopicPartition(bans, 0), new TopicPartition(bans, 1), new TopicPartition(unbans, 0));
    }

    @Test
    void shouldConsumeDecisionsFromTheOffsetsCapturedBeforeTheSnapshot() {
        consumer.updateEndOffsets(Map.of(new TopicPartition(bans, 1), 7L));
        decisions.bootstrap(Duration.ofSeconds(5));

        assertThat(consumer.position(new TopicPartition(bans, 1))).isEqualTo(7L);
        assertThat(consumer.position(new TopicPartition(bans, 0))).isZero();
    }

    @Test
    void shouldApplyDecisionsPolledTogetherInOneRestore() {
        decisions.bootstrap(Duration.ofSeconds(5));
        runner.clear();
        add(bans, 0, ban("198.51.100.7", NOW, NOW.plusSeconds(60)));
        add(bans, 1, ban("198.51.100.8", NOW, NOW.plusSeconds(30)));
        add(unbans, 0, unban("198.51.100.9", NOW));

        decisions.pollOnce(Duration.ZERO);

        assertThat(restoreScripts()).containsExactly("""
                create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000
                add fleetban-fail-v4 198.51.100.7 timeout 60
                add fleetban-fail-v4 198.51.100.8 timeout 30
                """);
    }

    @Test
    void shouldIgnoreABanReadAfterItsUnbanAndSkipBadRecords() {
        decisions.bootstrap(Duration.ofSeconds(5));
        runner.clear();
        add(unbans, 0, unban("198.51.100.7", NOW.plusSeconds(60)));
        decisions.pollOnce(Duration.ZERO);
        add(bans, 0, "garbage".getBytes(StandardCharsets.UTF_8));
        add(bans, 0, ban("198.51.100.7", NOW, NOW.plusSeconds(60)));
        add(bans, 1, ban("198.51.100.1", NOW, NOW.plusSeconds(60)));

        decisions.pollOnce(Duration.ZERO);

        assertThat(restoreScripts()).isEmpty();
        assertThat(metrics.count(EnforcerMetrics.DECISIONS_STALE)).isEqualTo(1);
        assertThat(metrics.count(EnforcerMetrics.RECORDS_UNDECODABLE, bans)).isEqualTo(1);
        assertThat(metrics.count(EnforcerMetrics.BANS_REFUSED, "OWN_ADDRESS")).isEqualTo(1);
    }

    @Test
    void shouldExportApplyLatencySetSizesAndRefusalsWithoutTheIp() {
        decisions.bootstrap(Duration.ofSeconds(5));
        add(bans, 0, ban("198.51.100.7", NOW.minusMillis(40), NOW.plusSeconds(60)));
        add(bans, 1, ban("198.51.100.1", NOW, NOW.plusSeconds(60)));

        decisions.pollOnce(Duration.ZERO);

        final String scrape = registry.scrape();
        assertThat(scrape)
                .contains(
                        "fleetban_enforcer_apply_latency_seconds_count 1",
                        "fleetban_enforcer_apply_latency_seconds_sum 0.04",
                        "fleetban_enforcer_bans_active{family=\"v4\",jail=\"fail\"} 1.0",
                        "fleetban_enforcer_bans_refused_total{reason=\"OWN_ADDRESS\"} 1.0",
                        "fleetban_enforcer_decisions_applied_total 1.0",
                        "fleetban_enforcer_commits_total 1.0");
        assertThat(scrape).doesNotContain("198.51.100.");
    }

    @Test
    void shouldReportEachAppliedDecisionWithThePollTimeAndTheTimeTheRestoreReturned() {
        final List<String> lines = new ArrayList<>();
        final DecisionConsumer reporting = new DecisionConsumer(
                consumer,
                topics,
                new DecisionDecoder(topics, guard(), metrics),
                banList,
                sync,
                clock,
                metrics,
                new AppliedDecisionLog(metrics, lines::add));
        reporting.bootstrap(Duration.ofSeconds(5));
        lines.clear();
        // The restore takes 7 ms: the reported apply time is after it, the poll time before it.
        runner.answer(argv -> {
            clock.advance(Duration.ofMillis(7));
            return new CommandResult(argv, 0, "", "");
        });
        add(bans, 0, ban("198.51.100.7", NOW.minusMillis(40), NOW.plusSeconds(60)));
        add(bans, 1, ban("198.51.100.1", NOW, NOW.plusSeconds(60)));

        reporting.pollOnce(Duration.ZERO);

        assertThat(lines).hasSize(1);
        final Matcher line = Pattern.compile("applied ban jail=\\S+ ip=198\\.51\\.100\\.7 decision=b-198\\.51\\.100\\.7"
                        + " decided=" + Pattern.quote(NOW.minusMillis(40).toString()) + " polled=(\\S+) applied=(\\S+)")
                .matcher(lines.get(0));
        assertThat(line.matches()).as(lines.get(0)).isTrue();
        assertThat(Duration.between(Instant.parse(line.group(1)), Instant.parse(line.group(2))))
                .isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void shouldRemoveTheEntryOnAnUnbanNewerThanTheBan() {
        decisions.bootstrap(Duration.ofSeconds(5));
        add(bans, 0, ban("198.51.100.7", NOW, NOW.plusSeconds(60)));
        decisions.pollOnce(Duration.ZERO);
        runner.clear();
        add(unbans, 0, unban("198.51.100.7", NOW.plusSeconds(1)));

        decisions.pollOnce(Duration.ZERO);

        assertThat(restoreScripts()).containsExactly(CREATE_V4 + "del fleetban-fail-v4 198.51.100.7\n");
    }

    @Test
    void shouldWaitInPollUntilTheNextDriftCheckAndNeverSpin() throws FirewallException {
        assertThat(decisions.untilNextDue()).as("drift check every second").isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(600));
        assertThat(decisions.untilNextDue()).isEqualTo(Duration.ofMillis(400));
        clock.advance(Duration.ofMillis(500));
        assertThat(decisions.untilNextDue()).as("overdue").isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void shouldSleepUntilTheNextBanEndsOrTheNextPartitionCheckWhenTheBackendHasNoDriftCheck() {
        final FirewallSync rarely = new FirewallSync(
                new DryRunBackend(new PrintStream(OutputStream.nullOutputStream()), clock, 1000),
                banList,
                clock,
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                metrics);
        final DecisionConsumer idle = new DecisionConsumer(
                consumer, topics, new DecisionDecoder(topics, guard(), metrics), banList, rarely, clock, metrics);
        assertThat(idle.untilNextDue())
                .as("no timer but the look for new partitions")
                .isEqualTo(DecisionPartitions.CHECK_INTERVAL);

        banList.ban(new Ban(key("fail", "198.51.100.7"), Optional.of(NOW.plusMillis(2500))), NOW, NOW);
        assertThat(idle.untilNextDue()).as("the ban's end").isEqualTo(Duration.ofMillis(2500));

        clock.advance(Duration.ofSeconds(3));
        rarely.tick();
        assertThat(banList.held(clock.instant()).count()).isZero();
        assertThat(idle.untilNextDue()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldApplyDecisionsWhileTheStatusProducerIsBlocked() throws InterruptedException {
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final StatusPublisher publisher = new StatusPublisher(
                new BlockedProducer(sending, release), topics.enforcerStatus().name(), "web-1", metrics);
        decisions.reportStatus(new EnforcerStatusTracker("web-1", "1.0", NOW, Duration.ofSeconds(10)), publisher);
        decisions.bootstrap(Duration.ofSeconds(5));
        try {
            add(bans, 0, ban("198.51.100.7", NOW, NOW.plusSeconds(60)));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decisions.pollOnce(Duration.ZERO));
            assertThat(sending.await(10, TimeUnit.SECONDS))
                    .as("the status thread waits in send")
                    .isTrue();
            runner.clear();
            clock.advance(Duration.ofSeconds(11));
            add(bans, 1, ban("198.51.100.8", NOW.plusSeconds(11), NOW.plusSeconds(60)));

            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> decisions.pollOnce(Duration.ZERO));

            assertThat(restoreScripts()).containsExactly(CREATE_V4 + "add fleetban-fail-v4 198.51.100.8 timeout 49\n");
            assertThat(release.getCount())
                    .as("the status producer is still blocked")
                    .isOne();
        } finally {
            release.countDown();
            publisher.close();
        }
    }

    /** A status producer stuck in send, as one waiting for metadata of a topic that does not exist. */
    private static final class BlockedProducer extends MockProducer<String, EnforcerStatus> {

        private final CountDownLatch sending;
        private final CountDownLatch release;

        BlockedProducer(CountDownLatch sending, CountDownLatch release) {
            super(true, null, new StringSerializer(), (Serializer<EnforcerStatus>) (topic, value) -> new byte[0]);
            this.sending = sending;
            this.release = release;
        }

        @Override
        public synchronized Future<RecordMetadata> send(
                ProducerRecord<String, EnforcerStatus> record, Callback callback) {
            sending.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(record, callback);
        }
    }

    private List<String> restoreScripts() {
        return runner.stdinOf("ipset -exist restore");
    }

    private void addActive(TopicPartition tp, String key, byte[] value) {
        consumer.addRecord(kafka.nextRecord(tp, key, value));
    }

    private void add(String topic, int partition, byte[] value) {
        consumer.addRecord(kafka.nextRecord(new TopicPartition(topic, partition), "k", value));
    }

    private byte[] activeBan(String ip, Instant expiresAt) {
        return serialized(topics.activeBans(), DecisionRecords.activeBan(ip, NOW.minusSeconds(10), expiresAt));
    }

    private byte[] ban(String ip, Instant bannedAt, Instant expiresAt) {
        return serialized(topics.bans(), DecisionRecords.ban(ip, bannedAt, expiresAt));
    }

    private byte[] unban(String ip, Instant unbannedAt) {
        return serialized(topics.unbans(), DecisionRecords.unban(ip, unbannedAt));
    }
}
