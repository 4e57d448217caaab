package io.fleetban.coordinator;

import java.time.Duration;
import java.util.Map;

/**
 * How long a stream thread waits before it fails because the Schema Registry could not answer. The coordinator's
 * uncaught-exception handler replaces a failed thread at once and the replacement reads the same record again;
 * without a wait, an outage is a loop of thread deaths, each of which (under exactly-once) wipes its tasks' state
 * and restores it from the changelog. Kafka Streams 4.4 has no back-off for replaced threads (nor a "retry later"
 * answer for a record that did not deserialize), so the failing thread waits here before it fails.
 *
 * <p>Bounded by half the transaction timeout of the Streams producer: the thread's transaction stays open while it
 * waits, and one open longer than that is aborted by the broker, which fences the producer.
 *
 * @param length how long to wait
 * @param sleeper how to wait (a test records instead of sleeping)
 */
record RegistryOutagePause(Duration length, Sleeper sleeper) {

    /** Waits; a test passes one that records. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration length) throws InterruptedException;

        Sleeper THREAD_SLEEP = length -> Thread.sleep(length.toMillis());
    }

    /** Long enough to stop a tight loop, short enough that a registry back within it costs little. */
    static final Duration MAX_LENGTH = Duration.ofSeconds(30);

    /** The pause for these Kafka Streams settings: half the transaction timeout, at most {@link #MAX_LENGTH}. */
    static RegistryOutagePause of(Map<String, ?> streamsConfig, Sleeper sleeper) {
        Duration half = CoordinatorConfig.transactionTimeout(streamsConfig).dividedBy(2);
        return new RegistryOutagePause(half.compareTo(MAX_LENGTH) > 0 ? MAX_LENGTH : half, sleeper);
    }

    /** Waits {@link #length}; an interrupt (the instance is closing) ends the wait early and stays set. */
    void await() {
        try {
            sleeper.sleep(length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
