package io.fleetban.coordinator;

import io.fleetban.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A coordinator in its own JVM, so that a failover test can kill it as the kernel would (SIGKILL): no transaction
 * aborted, no group left, no state flushed. Arguments: bootstrap servers, topic prefix, application id, state dir.
 * The parent sees it ready when the consumer group is stable with it as a member.
 */
final class KilledCoordinator {

    private KilledCoordinator() {}

    public static void main(String[] args) throws Exception {
        // The coordinator's default session timeout: the group notices the dead member within it.
        KafkaSettings kafka = new KafkaSettings(args[0], args[1], Optional.empty(), 4, 4, (short) 1, Map.of());
        Path stateDir = Path.of(args[3]);
        CoordinatorConfig config =
                TestCoordinatorConfigs.of(stateDir, kafka, TestCoordinatorConfigs.failJail(5), args[2], stateDir, 1);
        CoordinatorApp app = new CoordinatorApp(config);
        app.start();
        // Serves until the test kills this JVM; a clean exit is exactly what this process is for not doing.
        new CountDownLatch(1).await();
    }
}
