package io.fleetban.testkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting and closing Kafka's {@link KafkaClusterTestKit} as every in-process cluster of ours does. */
final class TestKitLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TestKitLifecycle.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private TestKitLifecycle() {}

    /**
     * Internal topics sized for a small cluster, no rebalance delay, no topic created by accident.
     *
     * @param replication the internal topics' replication factor (at most the broker count)
     */
    static KafkaClusterTestKit.Builder smallClusterDefaults(KafkaClusterTestKit.Builder builder, short replication) {
        return builder.setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
                .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
                .setConfigProp("transaction.state.log.min.isr", String.valueOf(Math.min(2, replication)))
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false");
    }

    /** Builds, formats and starts the kit, and waits for its brokers; {@code what} names it in the log and errors. */
    static KafkaClusterTestKit start(KafkaClusterTestKit.Builder builder, String what) {
        try {
            final KafkaClusterTestKit kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            LOG.info("{} ready at {}", what, kit.bootstrapServers());
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + what + ": " + e.getMessage(), e);
        }
    }

    /** Closes the kit, giving up after a bound: a wedged quorum can hang shutdown. */
    static void close(KafkaClusterTestKit kit, String what) {
        final CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                kit.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            closing.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A wedged quorum must not hang the whole suite; the JVM's exit reclaims what is left.
            LOG.warn("{} did not close cleanly within {} s: {}", what, CLOSE_TIMEOUT_SECONDS, e.toString());
        }
    }
}
