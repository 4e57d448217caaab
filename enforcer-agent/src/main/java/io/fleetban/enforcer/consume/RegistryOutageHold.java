package io.fleetban.enforcer.consume;

import io.fleetban.wire.SchemaRegistryUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the decision stream while the Schema Registry cannot serve a writer schema. Such a record is not
 * undecodable, only not decodable yet: skipping it would lose a ban on this host for good. So the consumer is
 * rewound to the first record not yet applied on every partition of the poll, all decision partitions are paused,
 * and they are resumed after a backoff (1 s doubling to 15 s) to read the same records again. Nothing after the held
 * record is applied before it, and the loop keeps running meanwhile (expiries and reconciles go on). Logged at WARN
 * once per outage and at INFO when it ends. Used by the decision thread only.
 */
final class RegistryOutageHold {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageHold.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Clock clock;
    private Instant since;
    private Instant retryAt;
    private Duration backoff = FIRST_BACKOFF;
    private int retries;

    RegistryOutageHold(Consumer<byte[], byte[]> consumer, Clock clock) {
        this.consumer = consumer;
        this.clock = clock;
    }

    /** Before a poll: once the backoff is over, resumes the held partitions so the held records are read again. */
    void resumeIfDue() {
        if (retryAt != null && !clock.instant().isBefore(retryAt)) {
            consumer.resume(consumer.paused());
            retryAt = null;
        }
    }

    /**
     * {@code failed}, a record of {@code records}, could not be decoded for want of the registry; the records before
     * it in iteration order were applied, it and the rest were not.
     */
    void hold(
            ConsumerRecords<byte[], byte[]> records,
            ConsumerRecord<byte[], byte[]> failed,
            SchemaRegistryUnavailableException failure) {
        rewind(records, failed);
        consumer.pause(consumer.assignment());
        final Instant now = clock.instant();
        if (since == null) {
            since = now;
            backoff = FIRST_BACKOFF;
            retries = 0;
            LOG.warn(
                    "schema registry unavailable: decisions held from topic={} partition={} offset={}, nothing is"
                            + " skipped; reading them again every {}..{} s until it answers: {}",
                    failed.topic(),
                    failed.partition(),
                    failed.offset(),
                    FIRST_BACKOFF.toSeconds(),
                    MAX_BACKOFF.toSeconds(),
                    failure.getMessage());
        } else {
            retries++;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            LOG.debug(
                    "schema registry still unavailable (retry {}), next in {} ms: {}",
                    retries,
                    backoff.toMillis(),
                    failure.getMessage());
        }
        retryAt = now.plus(backoff);
    }

    /** A poll decoded all of its records: an outage in progress, if any, is over. */
    void decodedAll(ConsumerRecords<byte[], byte[]> records) {
        if (since != null && !records.isEmpty()) {
            LOG.info(
                    "schema registry answers again: held decisions applied after {} ms and {} retries",
                    Duration.between(since, clock.instant()).toMillis(),
                    retries);
            since = null;
        }
    }

    /** When {@link #resumeIfDue} next has work: the end of the backoff, {@link Instant#MAX} when not holding. */
    Instant nextDue() {
        return retryAt == null ? Instant.MAX : retryAt;
    }

    /** Whether the partitions are paused, waiting for the next try. */
    boolean holding() {
        return retryAt != null;
    }

    /**
     * Seeks back over what this poll returned but did not apply: {@code failed} and every record the decision loop's
     * iteration would have reached after it (a second pass over the same ConsumerRecords meets them in the same order).
     */
    private void rewind(ConsumerRecords<byte[], byte[]> records, ConsumerRecord<byte[], byte[]> failed) {
        final Map<TopicPartition, Long> firstNotApplied = new LinkedHashMap<>();
        boolean reached = false;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            reached = reached || record == failed;
            if (reached) {
                firstNotApplied.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
            }
        }
        firstNotApplied.forEach(consumer::seek);
    }
}
