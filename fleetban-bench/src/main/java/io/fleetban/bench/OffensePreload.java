package io.fleetban.bench;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the benchmark's offenses before the coordinator starts, as many shippers would have: {@code perIp} rounds
 * over all {@code ips} addresses (so an IP's second offense arrives long after its first and its state must come
 * back from RocksDB, not from a hot memtable), then every {@code attackerEvery}-th IP offends until it crosses
 * maxretry. Every offense is stamped now, inside findtime, with a unique offense id.
 */
final class OffensePreload {

    static final String JAIL = "bench";
    static final int HOSTS = 20;
    private static final String SOURCE = "/var/log/app/fail.log";
    /** The broker's default transaction.max.timeout.ms: room for writing millions of offenses in one transaction. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final KafkaSettings kafka;
    private final Topic<String, Offense> offenses;

    OffensePreload(KafkaSettings kafka, Topic<String, Offense> offenses) {
        this.kafka = kafka;
        this.offenses = offenses;
    }

    /** What was written: offenses in all, and how many IPs got enough to be banned. */
    record Written(long offenses, long attackers) {}

    Written write(int ips, int perIp, int maxRetry, int attackerEvery) {
        return write(ips, 0, perIp, maxRetry, attackerEvery, false);
    }

    /**
     * Rounds {@code fromRound}..{@code toRound - 1} for every IP (a second pass continues the first one's rounds),
     * in one transaction committed when all are written: a read_committed consumer, such as the coordinator under
     * exactly-once, sees none of them until then and all of them at once. So a running coordinator gets a true
     * backlog, and this writer no longer competes with it for the CPU while it drains. One transaction marker per
     * partition follows the records.
     */
    Written writeRoundsAtOnce(int ips, int fromRound, int toRound) {
        return write(ips, fromRound, toRound, toRound, Integer.MAX_VALUE, true);
    }

    /**
     * Rounds {@code fromRound}..{@code toRound - 1} of one offense per IP, then for every {@code attackerEvery}-th IP
     * the rounds up to {@code maxRetry}, which get it banned.
     */
    private Written write(
            int ips, int fromRound, int toRound, int maxRetry, int attackerEvery, boolean oneTransaction) {
        Map<String, Object> config = kafka.producerConfig("fleetban-bench-preload");
        // Throughput first here (the coordinator is what is measured): full batches. Not idempotent unless
        // transactional: right after topic creation a partition may answer NOT_LEADER_OR_FOLLOWER once, and the
        // idempotent producer of this Kafka version can then loop on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery
        // timeout. A duplicate from a retry would be a resent offense with the same id, which the coordinator counts
        // once anyway. The one transaction comes long after topic creation.
        if (oneTransaction) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fleetban-bench-preload");
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        } else {
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        }
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        AtomicReference<Exception> failure = new AtomicReference<>();
        long written = 0;
        long attackers = 0;
        try (KafkaProducer<String, Offense> producer = new KafkaProducer<>(
                config, new StringSerializer(), offenses.valueSerde().serializer())) {
            if (oneTransaction) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            for (int round = fromRound; round < toRound; round++) {
                for (int i = 0; i < ips; i++) {
                    send(producer, BenchAddresses.preloaded(i), round, failure);
                    written++;
                }
            }
            for (int i = 0; maxRetry > toRound && i < ips; i += attackerEvery) {
                for (int round = toRound; round < maxRetry; round++) {
                    send(producer, BenchAddresses.preloaded(i), round, failure);
                    written++;
                }
                attackers++;
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("preload failed: " + failure.get(), failure.get());
            }
            if (oneTransaction) {
                producer.commitTransaction();
            }
        }
        return new Written(written, attackers);
    }

    private void send(
            KafkaProducer<String, Offense> producer, String ip, int round, AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("preload failed: " + failure.get(), failure.get());
        }
        send(producer, offenses.name(), ip, round, failure);
    }

    /** Sends an offense without waiting for it; the first failed send is kept in {@code failure}. */
    static void send(
            KafkaProducer<String, Offense> producer,
            String topic,
            String ip,
            int round,
            AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, ip, offense(ip, round)), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** One offense as a shipper publishes it (offense ids unique per IP and round). */
    static Offense offense(String ip, int round) {
        Instant now = Instant.now();
        String host = "web-" + Math.floorMod(ip.hashCode() + round, HOSTS);
        return Offense.newBuilder()
                .setOffenseId(host + ":" + JAIL + ":" + SOURCE + ":" + ip + ":" + round)
                .setJail(JAIL)
                .setIp(ip)
                .setHostId(host)
                .setEventTime(now)
                .setIngestTime(now)
                .setSource(SOURCE)
                .setLine(now + " - IP: " + ip + " - User-Agent: curl/8.5.0 - login failed")
                .build();
    }
}
