package io.fleetban.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The coordinator's progress as the broker sees it: the committed offsets of its consumer group (its Kafka Streams
 * application id) on the offenses topic, against the topic's end offsets. Under exactly-once an offset is committed
 * with the transaction that holds the records' results, so a committed offense is a decided one.
 *
 * <p>The sustained rate is taken between the samples where 50% and 95% of the backlog are committed: start-up, the
 * JIT's warm-up (on a busy 2-core machine the C2 compiler takes more CPU than the stream thread in the first tens of
 * seconds) and the last, partly idle, commit do not dilute it. The rate of every tenth of the backlog is shown too.
 */
final class ConsumerLagMeter {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final double FROM = 0.50;
    private static final double TO = 0.95;

    /** One look at the group's progress, with the CPU time the coordinator and the broker had used by then. */
    record Sample(long nanos, long committed, long coordinatorCpuNanos, long brokerCpuNanos) {}

    /**
     * Everything the drain showed.
     *
     * @param baseline offenses already committed when this drain began (0, or the first pass's backlog)
     * @param total    committed offenses at which the drain ends
     */
    record Drain(long baseline, long total, List<Sample> samples, long startNanos) {

        /** Offenses this drain committed. */
        long drained() {
            return total - baseline;
        }

        /** Offenses/s between the 50% and 95% samples. */
        double sustainedRate() {
            return rateBetween(FROM, TO);
        }

        /** Offenses/s between the samples where the {@code from} and {@code to} shares were committed. */
        double rateBetween(double fromShare, double toShare) {
            Sample from = reachingShare(fromShare);
            Sample to = reachingShare(toShare);
            if (from == null || to == null || to.nanos() <= from.nanos()) {
                return Double.NaN;
            }
            return (to.committed() - from.committed()) / ((to.nanos() - from.nanos()) / 1e9);
        }

        /**
         * Offenses per CPU-second of the coordinator process between the 5% and 95% samples, and the cores the
         * coordinator and the broker kept busy on average meanwhile: what the rate would be with the CPU to itself.
         */
        /** The drain's figures as {@code bench coordinator} prints them. */
        void print(PrintWriter out, String label) {
            out.printf(
                    Locale.ROOT,
                    "%s: %,d offenses; first commit after %.1f s, drained after %.1f s;"
                            + " sustained %,.0f offenses/s (50%%..95%% of the backlog), overall %,.0f/s; load %s%n",
                    label,
                    drained(),
                    secondsToFirstCommit(),
                    secondsToDrain(),
                    sustainedRate(),
                    drained() / secondsToDrain(),
                    LoadAverage.read());
            StringBuilder tenths = new StringBuilder();
            for (int tenth = 0; tenth < 10; tenth++) {
                tenths.append(String.format(Locale.ROOT, " %,.0f", rateBetween(tenth / 10.0, (tenth + 1) / 10.0)));
            }
            out.println("rate per tenth of the backlog (offenses/s):" + tenths);
            double[] cpu = cpuFigures();
            out.printf(
                    Locale.ROOT,
                    "cpu (50%%..95%%): %,.0f offenses per coordinator CPU-second; coordinator busy"
                            + " %.2f cores, broker %.2f cores of %d%n",
                    cpu[0],
                    cpu[1],
                    cpu[2],
                    Runtime.getRuntime().availableProcessors());
        }

        double[] cpuFigures() {
            Sample from = reachingShare(FROM);
            Sample to = reachingShare(TO);
            if (from == null || to == null || to.nanos() <= from.nanos()) {
                return new double[] {Double.NaN, Double.NaN, Double.NaN};
            }
            double coordinatorCpu = (to.coordinatorCpuNanos() - from.coordinatorCpuNanos()) / 1e9;
            double brokerCpu = (to.brokerCpuNanos() - from.brokerCpuNanos()) / 1e9;
            double wall = (to.nanos() - from.nanos()) / 1e9;
            return new double[] {
                (to.committed() - from.committed()) / coordinatorCpu, coordinatorCpu / wall, brokerCpu / wall
            };
        }

        /** Seconds from the coordinator's start to its first commit (start-up, group join, state set-up). */
        double secondsToFirstCommit() {
            Sample first = firstReaching(baseline + 1);
            return first == null ? Double.NaN : (first.nanos() - startNanos) / 1e9;
        }

        /** Seconds from the coordinator's start to the whole backlog committed. */
        double secondsToDrain() {
            Sample last = firstReaching(total);
            return last == null ? Double.NaN : (last.nanos() - startNanos) / 1e9;
        }

        private Sample reachingShare(double share) {
            return firstReaching(baseline + (long) Math.ceil(drained() * share));
        }

        private Sample firstReaching(long committed) {
            for (Sample sample : samples) {
                if (sample.committed() >= committed) {
                    return sample;
                }
            }
            return null;
        }
    }

    private final Admin admin;
    private final String groupId;
    private final String topic;

    private final LongSupplier coordinatorCpuNanos;
    private final LongSupplier brokerCpuNanos;

    ConsumerLagMeter(
            Admin admin, String groupId, String topic, LongSupplier coordinatorCpuNanos, LongSupplier brokerCpuNanos) {
        this.admin = admin;
        this.groupId = groupId;
        this.topic = topic;
        this.coordinatorCpuNanos = coordinatorCpuNanos;
        this.brokerCpuNanos = brokerCpuNanos;
    }

    /** Sum of the topic's end offsets: the backlog to drain. */
    static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    /**
     * Samples the committed offsets every {@code interval} until they reach {@code total}; fails after
     * {@code timeout} or as soon as {@code alive} turns false (the coordinator died).
     */
    Drain awaitDrained(long total, long startNanos, Duration interval, Duration timeout, BooleanSupplier alive)
            throws Exception {
        return awaitDrained(0, total, startNanos, interval, timeout, alive);
    }

    /** As {@link #awaitDrained(long, long, Duration, Duration, BooleanSupplier)}, from {@code baseline} committed. */
    Drain awaitDrained(
            long baseline, long total, long startNanos, Duration interval, Duration timeout, BooleanSupplier alive)
            throws Exception {
        List<Sample> samples = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long committed = committed();
            samples.add(new Sample(
                    System.nanoTime(), committed, coordinatorCpuNanos.getAsLong(), brokerCpuNanos.getAsLong()));
            if (committed >= total) {
                return new Drain(baseline, total, samples, startNanos);
            }
            if (System.nanoTime() > deadline || !alive.getAsBoolean()) {
                throw new TimeoutException("coordinator committed " + committed + " of " + total + " offenses before "
                        + (alive.getAsBoolean() ? "the timeout " + timeout : "it died"));
            }
            TimeUnit.NANOSECONDS.sleep(interval.toNanos());
        }
    }

    private long committed() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                sum += entry.getValue().offset();
            }
        }
        return sum;
    }
}
