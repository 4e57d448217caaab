package io.fleetban.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What {@code bench fanout} measures in its own JVMs: waits with a deadline, elapsed time, heap after a GC, RSS. */
final class FanoutMeasures {

    private FanoutMeasures() {}

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        if (!within(timeout, done)) {
            throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
        }
    }

    /** Waits until {@code done} or {@code timeout}; whether it was done. */
    static boolean within(Duration timeout, BooleanSupplier done) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long rssBytes() {
        return ChildJvm.rssOf(ProcessHandle.current().pid());
    }
}
