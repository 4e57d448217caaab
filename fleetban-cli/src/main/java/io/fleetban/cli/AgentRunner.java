package io.fleetban.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a started agent in the foreground until SIGTERM/SIGINT, then closes it: the Kafka examples' shape, a
 * named shutdown-hook thread and a latch. A signal is a clean exit (code 0).
 */
final class AgentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private AgentRunner() {}

    static int runUntilSignalled(String name, AutoCloseable agent) {
        return runUntilSignalled(name, agent, new CompletableFuture<>());
    }

    /**
     * As {@link #runUntilSignalled(String, AutoCloseable)}, but when {@code died} completes (the agent's work can
     * no longer go on) the command ends with exit code 1, so that systemd restarts it.
     */
    static int runUntilSignalled(String name, AutoCloseable agent, CompletableFuture<Throwable> died) {
        final CountDownLatch ended = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("{} stopping", name);
                            try {
                                agent.close();
                            } catch (Exception e) {
                                LOG.warn("{} did not stop cleanly: {}", name, e.toString());
                            } finally {
                                ended.countDown();
                            }
                        },
                        name + "-shutdown"));
        died.thenRun(ended::countDown);
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (died.isDone()) {
            LOG.error("{} cannot go on; exiting with code {} so that it is restarted", name, Fleetban.EXIT_FAILURE);
            return Fleetban.EXIT_FAILURE;
        }
        return Fleetban.EXIT_OK;
    }
}
