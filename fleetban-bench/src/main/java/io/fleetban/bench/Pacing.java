package io.fleetban.bench;

import java.util.concurrent.TimeUnit;

/** The load generators' pace: each sends on a schedule of its own and sleeps until its next send is due. */
final class Pacing {

    private Pacing() {}

    /** Sleeps until {@code dueNanos} ({@link System#nanoTime()}); false when interrupted (the flag is set again). */
    static boolean sleepUntil(long dueNanos) {
        final long sleep = dueNanos - System.nanoTime();
        if (sleep > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
