package io.fleetban.enforcer.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.FirewallHealth;
import io.fleetban.enforcer.consume.HostBanList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StatusPublisherTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    private static final HostBanList.Held NO_BANS = new HostBanList(Duration.ofMinutes(10), 100).held(T0);

    private final EnforcerMetrics metrics = new EnforcerMetrics();
    private final EnforcerStatusTracker tracker = new EnforcerStatusTracker("web-1", "1.0", T0, Duration.ofSeconds(10));
    private MockProducer<String, EnforcerStatus> producer = producer(true);
    /** The random part of each spacing, in turn: 500 ms, then 1,000 ms, then 0 from there on. */
    private final Deque<Long> spreads = new ArrayDeque<>(List.of(500L, 1_000L));

    private StatusPublisher publisher = publisher(producer);

    private StatusPublisher publisher(MockProducer<String, EnforcerStatus> to) {
        return new StatusPublisher(
                to, "fleetban.enforcer-status", "web-1", metrics, () -> spreads.isEmpty() ? 0 : spreads.pop());
    }

    private static MockProducer<String, EnforcerStatus> producer(boolean autoComplete) {
        return new MockProducer<>(
                autoComplete, null, new StringSerializer(), (Serializer<EnforcerStatus>) (topic, value) -> new byte[0]);
    }

    /** A publisher whose producer completes a send only when the test says so. */
    private void completingByHand() {
        publisher.close();
        producer = producer(false);
        publisher = publisher(producer);
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    private boolean publishAt(Instant now) {
        return publishAt(publisher, now);
    }

    private boolean publishAt(StatusPublisher to, Instant now) {
        return to.publishIfDue(
                tracker,
                () -> tracker.snapshot(
                        NO_BANS,
                        Map.of(),
                        EnforcerStatusTracker.firewall(
                                true, FirewallHealth.STARTED, Optional.empty(), Optional.empty()),
                        now),
                now);
    }

    /** Waits until the producer was handed {@code statuses} statuses in all. */
    private void sent(int statuses) {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == statuses);
    }

    private void change(long offset) {
        tracker.applied(Map.of(new TopicPartition("fleetban.bans", 0), offset), Set.of(), List.of(), T0);
    }

    @Test
    void publishesAtStartAfterAChangeOncePerSpacingAndEveryIntervalKeyedByHost() {
        assertThat(publishAt(T0)).as("first").isTrue();
        sent(1);
        assertThat(publisher.nextDue(tracker)).isEqualTo(T0.plusSeconds(10));
        assertThat(publishAt(T0.plusMillis(500)))
                .as("no change, interval not up")
                .isFalse();

        change(1);
        assertThat(publisher.nextDue(tracker))
                .as("1 s and the first random part")
                .isEqualTo(T0.plusMillis(1_500));
        assertThat(publishAt(T0.plusMillis(1_499)))
                .as("changed, but within the spacing")
                .isFalse();
        assertThat(publishAt(T0.plusMillis(1_500))).as("changed, spacing over").isTrue();
        sent(2);

        change(2);
        assertThat(publisher.nextDue(tracker))
                .as("changes waited for the last spacing: the base doubles, 2 s, and its random part too")
                .isEqualTo(T0.plusMillis(1_500 + 2_000 + 2_000));
        assertThat(publishAt(T0.plusMillis(5_499))).isFalse();
        assertThat(publishAt(T0.plusMillis(5_500))).isTrue();
        sent(3);

        assertThat(publishAt(T0.plusMillis(15_499))).isFalse();
        assertThat(publishAt(T0.plusMillis(15_500)))
                .as("no change, interval up")
                .isTrue();

        sent(4);
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo("web-1");
            assertThat(record.topic()).isEqualTo("fleetban.enforcer-status");
        });
    }

    @Test
    void spreadsTheSpacingBetweenOneAndTwoSecondsAfterAQuietSpell() {
        final StatusPublisher spread = new StatusPublisher(producer, "fleetban.enforcer-status", "web-1", metrics);
        final Set<Duration> spacings = new HashSet<>();
        Instant now = T0;
        try {
            for (int i = 0; i < 200; i++) {
                now = now.plusSeconds(60);
                assertThat(publishAt(spread, now)).isTrue();
                change(i + 1);
                final Duration spacing = Duration.between(now, spread.nextDue(tracker));
                assertThat(spacing).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
                spacings.add(spacing);
            }
        } finally {
            spread.close();
        }
        assertThat(spacings).as("drawn anew for each status").hasSizeGreaterThan(50);
    }

    @Test
    void backsOffToFourToEightSecondsWhileChangesKeepComingAndStartsAgainAfterAQuietSpell() {
        final StatusPublisher flow = new StatusPublisher(producer, "fleetban.enforcer-status", "web-1", metrics);
        try {
            assertThat(publishAt(flow, T0)).isTrue();
            long offset = 0;
            final List<Duration> spacings = new ArrayList<>();
            Instant last = T0;
            // A decision every 200 ms for two minutes; the loop publishes whenever the publisher says so.
            for (int tick = 1; tick <= 600; tick++) {
                final Instant now = T0.plusMillis(200L * tick);
                change(++offset);
                if (publishAt(flow, now)) {
                    spacings.add(Duration.between(last, now));
                    last = now;
                }
            }
            assertThat(spacings.get(0)).as("1-2 s").isBetween(Duration.ofSeconds(1), Duration.ofMillis(2_200));
            assertThat(spacings.get(1)).as("then 2-4 s").isBetween(Duration.ofSeconds(2), Duration.ofMillis(4_200));
            assertThat(spacings.get(2)).as("then 4-8 s").isBetween(Duration.ofSeconds(4), Duration.ofMillis(8_200));
            assertThat(spacings.subList(3, spacings.size()))
                    .as("at most every 4 to 8 s from then on")
                    .allSatisfy(
                            spacing -> assertThat(spacing).isBetween(Duration.ofSeconds(4), Duration.ofMillis(8_200)));
            assertThat(spacings).as("about one status every 6 s").hasSizeBetween(15, 34);

            change(++offset);
            final Instant drained = T0.plusSeconds(120 + 9);
            assertThat(publishAt(flow, drained)).as("the flow's last changes").isTrue();
            final Instant quiet = drained.plusSeconds(9);
            change(++offset);
            assertThat(publishAt(flow, quiet))
                    .as("the first change after a quiet spell goes at once")
                    .isTrue();
            change(++offset);
            assertThat(Duration.between(quiet, flow.nextDue(tracker)))
                    .as("and the base starts again at 1 s")
                    .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        } finally {
            flow.close();
        }
    }

    @Test
    void keepsOneStatusInFlightAndSendsOnlyTheNewestOfThoseThatWaited() {
        completingByHand();
        publishAt(T0);
        sent(1);

        change(1);
        assertThat(publishAt(T0.plusMillis(5_500))).isTrue();
        change(2);
        assertThat(publishAt(T0.plusSeconds(13))).isTrue();
        assertThat(producer.history()).as("the first still in flight").hasSize(1);

        producer.completeNext();
        sent(2);
        assertThat(producer.history().get(1).value().getPublishedAt()).isEqualTo(T0.plusSeconds(13));
        assertThat(producer.completeNext()).isTrue();
        assertThat(metrics.count(EnforcerMetrics.STATUS_DROPPED)).isZero();
    }

    @Test
    void dropsAndCountsWhatTheProducerFailsWarningOnceUntilOneIsPublished() {
        completingByHand();
        final Logger logger = (Logger) LoggerFactory.getLogger(StatusPublisher.class);
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            for (int i = 0; i < 3; i++) {
                publishAt(T0.plusSeconds(10L * i));
                final int dropped = i + 1;
                sent(dropped);
                producer.errorNext(new TimeoutException("Topic fleetban.enforcer-status not present in metadata"));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> metrics.count(EnforcerMetrics.STATUS_DROPPED) == dropped);
            }
            publishAt(T0.plusSeconds(30));
            sent(4);
            producer.completeNext();

            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.size() == 2);
            assertThat(log.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
            assertThat(log.list.get(1).getFormattedMessage()).contains("again, after 3 dropped");
        } finally {
            logger.detachAppender(log);
        }
    }
}
