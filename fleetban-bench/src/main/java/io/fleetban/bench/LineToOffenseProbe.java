package io.fleetban.bench;

import io.fleetban.avro.Offense;
import io.fleetban.kafka.AssignedPartitions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topic;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Line-to-offense latency as the coordinator sees it: lines in the tutorial format, each with a fresh address, are
 * appended to a log a running shipper tails, at a steady rate; the clock runs from just before the append's
 * {@code write(2)} until a {@code read_committed} consumer of the offenses topic (fetch.max.wait 5 ms by default, as
 * the enforcer polls) holds the offense keyed by that address.
 *
 * <p>Where the time goes, per line, from wall-clock stamps on one machine (millisecond resolution: the offense's
 * ingest time and the record timestamp are milliseconds): append to the shipper's ingest time (tail detection and
 * matching), ingest to the record timestamp (with the topic's {@code LogAppendTime}: producer queue, network and the
 * broker's append), record timestamp to readable (high watermark and the consumer's fetch).
 */
final class LineToOffenseProbe {

    private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter SEED_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** When one offense became readable, and the stamps it carried. */
    private record Seen(long nanos, long wallMillis, long ingestMillis, long recordMillis, TimestampType type) {}

    /**
     * Sorted latencies in milliseconds, and the median of each segment.
     *
     * @param total           append to readable, one per line, sorted
     * @param toIngest        append to the offense's ingest time (tail + match), sorted
     * @param toRecord        ingest time to the record's timestamp, sorted
     * @param toReadable      record timestamp to readable, sorted
     * @param recordTimestamp what the record timestamp is: LogAppendTime (broker) or CreateTime (producer)
     */
    record Result(
            double[] total, double[] toIngest, double[] toRecord, double[] toReadable, TimestampType recordTimestamp) {}

    private final KafkaSettings kafka;
    private final Topic<String, Offense> offenses;
    private final Path log;
    private final int fetchMaxWaitMs;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private volatile boolean reading = true;

    /** {@code fetchMaxWaitMs}: the consumer's fetch.max.wait.ms (5 ms, as the enforcer polls). */
    LineToOffenseProbe(KafkaSettings kafka, Topic<String, Offense> offenses, Path log, int fetchMaxWaitMs) {
        this.kafka = kafka;
        this.offenses = offenses;
        this.log = log;
        this.fetchMaxWaitMs = fetchMaxWaitMs;
    }

    /** Appends {@code lines} lines at {@code perSecond}, one fresh address each, and times each one's offense. */
    Result measure(int lines, int perSecond) throws Exception {
        long[] appendedNanos = new long[lines];
        long[] appendedWallMicros = new long[lines];
        try (KafkaConsumer<String, Offense> consumer = offensesConsumer();
                FileChannel out = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            Thread reader = new Thread(() -> read(consumer), "bench-offenses-reader");
            reader.start();
            try {
                long period = 1_000_000_000L / perSecond;
                long start = System.nanoTime();
                for (int i = 0; i < lines; i++) {
                    LockSupport.parkNanos(start + i * period - System.nanoTime());
                    ByteBuffer line = ByteBuffer.wrap(line(BenchAddresses.latencyTry(i)));
                    appendedWallMicros[i] = wallMicros();
                    appendedNanos[i] = System.nanoTime();
                    while (line.hasRemaining()) {
                        out.write(line);
                    }
                }
                awaitAll(lines);
            } finally {
                reading = false;
                reader.join(SEEN_TIMEOUT.toMillis());
            }
        }
        return result(lines, appendedNanos, appendedWallMicros);
    }

    /** The tutorial app's line for {@code ip}, stamped now (UTC, as the benchmark shipper reads it). */
    static byte[] line(String ip) {
        return (LocalDateTime.now(ZoneOffset.UTC).format(SEED_DATE) + " - IP: " + ip
                        + " - User-Agent: fleetban-bench/latency\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void awaitAll(int lines) throws TimeoutException {
        long deadline = System.nanoTime() + SEEN_TIMEOUT.toNanos();
        while (seen.size() < lines) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + seen.size() + " of " + lines + " offenses readable " + SEEN_TIMEOUT
                        + " after the last append");
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    private Result result(int lines, long[] appendedNanos, long[] appendedWallMicros) {
        double[] total = new double[lines];
        double[] toIngest = new double[lines];
        double[] toRecord = new double[lines];
        double[] toReadable = new double[lines];
        TimestampType type = TimestampType.NO_TIMESTAMP_TYPE;
        for (int i = 0; i < lines; i++) {
            Seen s = seen.get(BenchAddresses.latencyTry(i));
            total[i] = (s.nanos() - appendedNanos[i]) / 1e6;
            toIngest[i] = s.ingestMillis() - appendedWallMicros[i] / 1e3;
            toRecord[i] = s.recordMillis() - s.ingestMillis();
            toReadable[i] = s.wallMillis() - s.recordMillis();
            type = s.type();
        }
        for (double[] values : List.of(total, toIngest, toRecord, toReadable)) {
            Arrays.sort(values);
        }
        return new Result(total, toIngest, toRecord, toReadable, type);
    }

    private KafkaConsumer<String, Offense> offensesConsumer() {
        Map<String, Object> config = kafka.consumerConfig("fleetban-bench-offenses", Optional.empty());
        // A broker answers a waiting fetch as soon as an append raises the high watermark; fetch.max.wait bounds the
        // wait when it does not (a run with a long wait tells which case holds).
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(fetchMaxWaitMs));
        KafkaConsumer<String, Offense> consumer = new KafkaConsumer<>(
                config, new StringDeserializer(), offenses.valueSerde().deserializer());
        AssignedPartitions.assignAtEnd(consumer, List.of(offenses.name())); // before the first line is appended
        return consumer;
    }

    private void read(KafkaConsumer<String, Offense> consumer) {
        while (reading) {
            for (ConsumerRecord<String, Offense> record : consumer.poll(Duration.ofMillis(50))) {
                long nanos = System.nanoTime();
                seen.putIfAbsent(
                        record.key(),
                        new Seen(
                                nanos,
                                System.currentTimeMillis(),
                                record.value().getIngestTime().toEpochMilli(),
                                record.timestamp(),
                                record.timestampType()));
            }
        }
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
