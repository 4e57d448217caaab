package io.fleetban.coordinator.hosts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The decision partitions' committed ends as this instance saw them over time, so a host is judged against what was
 * committed before its status rather than what is committed now: statuses come seconds apart while decisions keep
 * coming. Keeps a sample only when the ends moved, and no sample older than {@code keep} except the newest.
 * Thread-safe.
 */
public final class DecisionEndTimeline {

    private record Sample(Instant at, Map<TopicPartition, Long> ends) {}

    private final Duration keep;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** @param keep how far back the timeline answers: a status older than that is judged missing anyway */
    public DecisionEndTimeline(Duration keep) {
        this.keep = keep;
    }

    /** The ends read just before {@code at}; a sample older than the newest one (another thread's) is dropped. */
    public synchronized void record(Instant at, Map<TopicPartition, Long> ends) {
        Sample last = samples.peekLast();
        if (last != null && at.isBefore(last.at())) {
            return;
        }
        if (last == null || !last.ends().equals(ends)) {
            samples.addLast(new Sample(at, Map.copyOf(ends)));
        }
        Instant oldest = at.minus(keep);
        while (samples.size() > 1 && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    /** The ends as of {@code at}: the newest sample not after it; empty when every sample is newer. */
    public synchronized Optional<Map<TopicPartition, Long>> asOf(Instant at) {
        Iterator<Sample> newestFirst = samples.descendingIterator();
        while (newestFirst.hasNext()) {
            Sample sample = newestFirst.next();
            if (!sample.at().isAfter(at)) {
                return Optional.of(sample.ends());
            }
        }
        return Optional.empty();
    }
}
