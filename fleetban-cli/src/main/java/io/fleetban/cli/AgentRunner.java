package io.fleetban.cli;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started agent in the foreground until SIGTERM/SIGINT, then closes it: the Kafka examples' shape, a
 * named shutdown-hook thread and a latch. A signal is a clean exit (code 0).
 */
final class AgentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private AgentRunner() {
    }

    static int runUntilSignalled(String name, AutoCloseable agent) {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", name);
            try {
                agent.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", name, e.toString());
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Fleetban.EXIT_OK;
    }
}
