package io.fleetban.enforcer.consume;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.Unban;
import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.kafka.Topics;
import io.fleetban.wire.SchemaRegistryUnavailableException;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw records of the bans, unbans and active-bans topics into validated {@link Decision}s. The consumer
 * reads bytes and decodes here, record by record, so one record that does not deserialize (a
 * SerializationException from the wire serde) is logged with its topic/partition/offset, counted and skipped
 * instead of failing the whole poll (and looping on it forever). Only a {@link SchemaRegistryUnavailableException}
 * passes through: that record is fine, the registry is not, and it must be read again rather than skipped.
 */
public final class DecisionDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionDecoder.class);

    private final String bansTopic;
    private final String unbansTopic;
    private final String activeBansTopic;
    private final Deserializer<BanDecision> bans;
    private final Deserializer<Unban> unbans;
    private final Deserializer<ActiveBan> activeBans;
    private final BanGuard guard;
    private final EnforcerMetrics metrics;

    public DecisionDecoder(Topics topics, BanGuard guard, EnforcerMetrics metrics) {
        this.bansTopic = topics.bans().name();
        this.unbansTopic = topics.unbans().name();
        this.activeBansTopic = topics.activeBans().name();
        this.bans = topics.bans().valueSerde().deserializer();
        this.unbans = topics.unbans().valueSerde().deserializer();
        this.activeBans = topics.activeBans().valueSerde().deserializer();
        this.guard = guard;
        this.metrics = metrics;
    }

    /** A record of the bans or unbans topic; empty when undecodable, refused, or of another topic. */
    public Optional<Decision> decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            if (record.topic().equals(bansTopic)) {
                final BanDecision ban = bans.deserialize(record.topic(), record.value());
                return banned(ban.getJail(), ban.getIp(), ban.getBannedAt(), ban.getExpiresAt(), ban.getDecisionId())
                        .map(d -> d);
            }
            if (record.topic().equals(unbansTopic)) {
                final Unban unban = unbans.deserialize(record.topic(), record.value());
                return guard.unbanKey(unban.getJail(), unban.getIp())
                        .map(key -> new Decision.Unbanned(key, unban.getUnbannedAt(), unban.getDecisionId()));
            }
            LOG.warn(
                    "record of unexpected topic {} partition {} offset {} skipped",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return Optional.empty();
        } catch (RuntimeException e) {
            // SerializationException by contract, but any failure to decode (Avro, a missing field) is this
            // record's problem only: the rest of the poll must still be applied.
            return undecodable(record, e);
        }
    }

    /** The latest value of one active-bans key (never a tombstone: the snapshot drops those first). */
    public Optional<Decision.Banned> decodeActiveBan(ConsumerRecord<byte[], byte[]> record) {
        try {
            final ActiveBan active = activeBans.deserialize(activeBansTopic, record.value());
            return banned(
                    active.getJail(),
                    active.getIp(),
                    active.getBannedAt(),
                    active.getExpiresAt(),
                    active.getDecisionId());
        } catch (RuntimeException e) {
            return undecodable(record, e);
        }
    }

    private Optional<Decision.Banned> banned(
            String jail, String ip, Instant bannedAt, Instant expiresAt, String decisionId) {
        final BanGuard.Verdict verdict = guard.check(jail, ip);
        if (verdict instanceof BanGuard.Allowed allowed) {
            return Optional.of(
                    new Decision.Banned(new Ban(allowed.key(), Optional.ofNullable(expiresAt)), bannedAt, decisionId));
        }
        return Optional.empty();
    }

    private <T> Optional<T> undecodable(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        if (e instanceof SchemaRegistryUnavailableException unavailable) {
            // Not this record's fault: the registry could not serve its writer schema. Skipping it would lose the
            // decision on this host; the caller holds it and reads it again (RegistryOutageHold).
            throw unavailable;
        }
        LOG.error(
                "undecodable record topic={} partition={} offset={} skipped: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                e.getMessage());
        metrics.increment(EnforcerMetrics.RECORDS_UNDECODABLE, record.topic());
        return Optional.empty();
    }
}
