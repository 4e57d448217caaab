package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.status.EnforcerStatusTracker;
import io.fleetban.enforcer.status.StatusPublisher;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.Topics;
import io.fleetban.wire.SchemaRegistryUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcer's decision loop. Every enforcer reads every decision itself: partitions are {@code assign()}ed,
 * never shared through a consumer group, because hosts that share a stream cursor each see only part of the
 * decisions (the multi-node CrowdSec bouncer pitfall). At start it captures the end offsets of bans and unbans,
 * then rebuilds the ban list from active-bans, then consumes bans and unbans from the captured offsets, so no
 * decision made during the rebuild is lost. Decisions polled together are applied in one commit.
 */
public final class DecisionConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionConsumer.class);
    /**
     * The longest an idle loop sleeps in poll. A decision ends the poll as soon as it is readable, and the loop
     * wakes for every timer it has (the next ban to expire, drift check, reconcile, status, partition check), so
     * this only bounds how long a timer set before a wall-clock jump can be missed.
     */
    static final Duration MAX_POLL = Duration.ofSeconds(10);
    /** The shortest poll: a timer found due again at once cannot spin the loop. */
    private static final Duration MIN_POLL = Duration.ofMillis(10);

    private static final Duration KAFKA_RETRY = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final DecisionDecoder decoder;
    private final HostBanList banList;
    private final FirewallSync sync;
    private final Clock clock;
    private final EnforcerMetrics metrics;
    private final AppliedDecisionLog appliedLog;
    private final RegistryOutageHold outage;
    private final DecisionPartitions growth;
    private final AtomicBoolean closing = new AtomicBoolean();
    private EnforcerStatusTracker status;
    private StatusPublisher statusPublisher;
    /** The ban list's version the set-size gauges show. */
    private long sizesVersion = -1;

    public DecisionConsumer(
            Consumer<byte[], byte[]> consumer,
            Topics topics,
            DecisionDecoder decoder,
            HostBanList banList,
            FirewallSync sync,
            Clock clock,
            EnforcerMetrics metrics) {
        this(consumer, topics, decoder, banList, sync, clock, metrics, new AppliedDecisionLog(metrics));
    }

    DecisionConsumer(
            Consumer<byte[], byte[]> consumer,
            Topics topics,
            DecisionDecoder decoder,
            HostBanList banList,
            FirewallSync sync,
            Clock clock,
            EnforcerMetrics metrics,
            AppliedDecisionLog appliedLog) {
        this.consumer = consumer;
        this.topics = topics;
        this.decoder = decoder;
        this.banList = banList;
        this.sync = sync;
        this.clock = clock;
        this.metrics = metrics;
        this.appliedLog = appliedLog;
        this.outage = new RegistryOutageHold(consumer, clock);
        this.growth = new DecisionPartitions(
                consumer, List.of(topics.bans().name(), topics.unbans().name()), clock);
    }

    /** Reports what this host applied to the enforcer-status topic from now on (set before {@link #run()}). */
    public void reportStatus(EnforcerStatusTracker tracker, StatusPublisher publisher) {
        this.status = tracker;
        this.statusPublisher = publisher;
    }

    /**
     * Rebuilds the ban list and the firewall before the loop starts; returns the number of active bans.
     *
     * @throws TimeoutException when the topics do not exist or cannot be read within {@code timeout}
     */
    public int bootstrap(Duration timeout) {
        final Instant deadline = clock.instant().plus(timeout);
        final List<TopicPartition> decisions =
                new ArrayList<>(partitions(topics.bans().name(), deadline));
        decisions.addAll(partitions(topics.unbans().name(), deadline));
        // Captured before the snapshot: any decision made while it is read is consumed afterwards, and replays
        // of decisions the snapshot already holds are recognised by decision time and change nothing.
        final Map<TopicPartition, Long> start = consumer.endOffsets(decisions, timeout);
        final List<Decision.Banned> snapshot = activeBans(deadline);
        final Instant now = clock.instant();
        snapshot.forEach(banned -> banList.ban(banned.ban(), banned.decidedAt(), now));
        consumer.assign(decisions);
        start.forEach(consumer::seek);
        sync.reconcile();
        final int active = banList.active(now).size();
        LOG.info(
                "rebuilt from active-bans: {} record(s), {} active ban(s); consuming decisions from {}",
                snapshot.size(),
                active,
                start);
        return active;
    }

    /**
     * The active-bans snapshot, read again while the Schema Registry cannot serve a writer schema: starting with
     * part of the ban list would unban those IPs on this host until their next decision.
     */
    private List<Decision.Banned> activeBans(Instant deadline) {
        final List<TopicPartition> partitions = partitions(topics.activeBans().name(), deadline);
        while (true) {
            try {
                final Duration left = Duration.between(clock.instant(), deadline);
                return ActiveBansSnapshot.read(consumer, partitions, decoder, left);
            } catch (SchemaRegistryUnavailableException e) {
                if (clock.instant().plus(RegistryOutageHold.FIRST_BACKOFF).isAfter(deadline)) {
                    throw new TimeoutException(
                            "active-bans not decodable before the start-up deadline: " + e.getMessage(), e);
                }
                LOG.warn(
                        "schema registry unavailable while reading active-bans, reading it again in {} s: {}",
                        RegistryOutageHold.FIRST_BACKOFF.toSeconds(),
                        e.getMessage());
                pause(RegistryOutageHold.FIRST_BACKOFF);
            }
        }
    }

    private List<TopicPartition> partitions(String topic, Instant deadline) {
        while (true) {
            List<TopicPartition> partitions;
            try {
                partitions = AssignedPartitions.of(consumer, topic, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                // A broker still starting (or a loaded host) answers metadata slowly: keep asking until the deadline.
                partitions = List.of();
            }
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new TimeoutException("topic " + topic + " does not exist (the coordinator creates it at start)");
            }
            LOG.info("waiting for topic {} to exist", topic);
            pause(Duration.ofMillis(500));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for the decision topics");
        }
    }

    /** Polls and applies until {@link #close()}. */
    @Override
    public void run() {
        while (!closing.get()) {
            try {
                pollOnce(untilNextDue());
            } catch (WakeupException e) {
                if (!closing.get()) {
                    throw e;
                }
            } catch (KafkaException e) {
                // A broker or authorisation problem must not end enforcement: what is applied stays applied
                // (and expires on its own), and the loop resumes when Kafka answers again.
                LOG.error("polling decisions failed, retrying in {} ms: {}", KAFKA_RETRY.toMillis(), e.toString());
                pause(KAFKA_RETRY);
            }
        }
    }

    /**
     * How long the next poll may wait for decisions: until the next ban to expire, the firewall's next drift check
     * or reconcile, this host's next status, the next look for new partitions or the end of a registry outage's
     * backoff, at most {@link #MAX_POLL}. An idle enforcer thus wakes when it has work, not on a short fixed tick:
     * each wake-up runs the Kafka client's whole poll path, the idle host's main cost.
     */
    Duration untilNextDue() {
        // While decisions are held, the partitions are not looked at (pollOnce), so only the backoff's end counts.
        Instant due = earlier(sync.nextDue(), outage.holding() ? outage.nextDue() : growth.nextDue());
        if (status != null) {
            due = earlier(due, statusPublisher.nextDue(status));
        }
        final Duration wait = Duration.between(clock.instant(), due);
        if (wait.compareTo(MIN_POLL) < 0) {
            return MIN_POLL;
        }
        return wait.compareTo(MAX_POLL) > 0 ? MAX_POLL : wait;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    /**
     * One poll: decode, order, apply as one batch, then the periodic reconcile or retry if due. A record whose
     * writer schema the registry cannot serve yet ends the batch there: it and what follows are read again later.
     */
    public void pollOnce(Duration pollTimeout) {
        outage.resumeIfDue();
        if (!outage.holding()) {
            growth.assignNewIfDue();
        }
        final ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        final Instant now = clock.instant();
        final List<HostBanList.Change> changes = new ArrayList<>();
        final List<Decision> changing = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            final Optional<Decision> decoded;
            try {
                decoded = decoder.decode(record);
            } catch (SchemaRegistryUnavailableException e) {
                outage.hold(records, record, e);
                break;
            }
            decoded.ifPresent(decision -> {
                final HostBanList.Change change = banList.apply(decision, now);
                changes.add(change);
                if (!(change instanceof HostBanList.Ignored)) {
                    changing.add(decision);
                }
            });
        }
        if (!outage.holding()) {
            outage.decodedAll(records);
        }
        countIgnored(changes);
        final boolean applied = sync.apply(changes);
        final Instant appliedAt = clock.instant();
        if (applied) {
            // Taken after the commit returned: the ban is in the kernel, which is what an attacker notices.
            appliedLog.applied(changing, now, appliedAt);
        }
        sync.tick();
        if (banList.version() != sizesVersion) {
            metrics.setSizes(banList.activeCounts());
            sizesVersion = banList.version();
        }
        report(records, applied && sync.healthy(), changing, appliedAt);
    }

    /**
     * Updates and publishes this host's status. Offsets move only while the firewall is healthy: a host whose
     * commits fail shows as behind, not as having applied what it could not.
     */
    private void report(
            ConsumerRecords<byte[], byte[]> records, boolean applied, List<Decision> changing, Instant appliedAt) {
        if (status == null) {
            return;
        }
        if (applied && !outage.holding()) {
            final Map<TopicPartition, Long> next = new HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                next.put(tp, consumer.position(tp));
            }
            status.applied(next, records.partitions(), changing, appliedAt);
        }
        final Instant now = clock.instant();
        statusPublisher.publishIfDue(
                status,
                () -> status.snapshot(
                        banList.held(now),
                        banList.activeCounts(),
                        EnforcerStatusTracker.firewall(
                                sync.healthy(), sync.health(), sync.lastRepairAt(), sync.lastRepair()),
                        now),
                now);
    }

    private void countIgnored(List<HostBanList.Change> changes) {
        for (HostBanList.Change change : changes) {
            if (change instanceof HostBanList.Ignored ignored) {
                switch (ignored.why()) {
                    case STALE -> metrics.increment(EnforcerMetrics.DECISIONS_STALE);
                    case SET_FULL -> {
                        metrics.increment(EnforcerMetrics.BANS_REFUSED, "SET_FULL");
                        LOG.error(
                                "ALARM set full: ban of jail={} ip={} refused (max.entries reached)",
                                ignored.key().jail(),
                                ignored.key().entryText());
                    }
                    default -> LOG.debug("no change for {}: {}", ignored.key(), ignored.why());
                }
            }
        }
    }

    /** Stops the loop from another thread; the caller then joins the thread and closes the consumer. */
    public void close() {
        closing.set(true);
        consumer.wakeup();
    }
}
