package io.fleetban.coordinator;

import static org.awaitility.Awaitility.await;

import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Instances of one coordinator application, each started on a state directory of its own below the test's
 * directory, and closed with the test's other resources unless the test stops one itself.
 */
final class CoordinatorInstances {

    private final ClosingStack resources;
    private final Path dir;
    private final KafkaSettings kafka;
    /** An instance's config from its state directory: all else is the same for every instance. */
    private final Function<Path, CoordinatorConfig> config;

    /** @param standbys standby replicas (1 for failover tests) */
    CoordinatorInstances(
            ClosingStack resources,
            Path dir,
            KafkaSettings kafka,
            JailRules jails,
            String applicationId,
            int standbys) {
        this.resources = resources;
        this.dir = dir;
        this.kafka = kafka;
        config = stateDir -> TestCoordinatorConfigs.of(dir, kafka, jails, applicationId, stateDir, standbys);
    }

    /**
     * Instances of the application "coordinator-{@code name}" without standbys, on a broker of their own whose
     * topics are named "{@code name}." with 4 partitions each, for the jail "fail" with maxretry 5.
     */
    static CoordinatorInstances onOwnBroker(ClosingStack resources, Path dir, String name) {
        KafkaTestCluster cluster = resources.add(KafkaTestCluster.singleBroker());
        return new CoordinatorInstances(
                resources,
                dir,
                TestCoordinatorConfigs.kafka(cluster, name + ".", 4),
                TestCoordinatorConfigs.failJail(5),
                "coordinator-" + name,
                0);
    }

    /** The [kafka] section every instance runs with. */
    KafkaSettings kafka() {
        return kafka;
    }

    /** Waits until every one of {@code apps} is RUNNING and {@code answering} holds (their query APIs answer). */
    static void awaitRunning(Duration atMost, Callable<Boolean> answering, CoordinatorApp... apps) {
        await().atMost(atMost)
                .until(() -> Arrays.stream(apps).allMatch(app -> app.state() == KafkaStreams.State.RUNNING)
                        && answering.call());
    }

    /** Starts an instance on the state directory {@code name}; it still has to reach RUNNING. */
    CoordinatorApp start(String name) {
        return start(name, QueryApiOptions.plain());
    }

    /** Starts an instance whose query API is reached (advertised) or secured as {@code queryApi} says. */
    CoordinatorApp start(String name, QueryApiOptions queryApi) {
        CoordinatorApp app =
                resources.add(new CoordinatorApp(config.apply(dir.resolve(name)).withQueryApi(queryApi)));
        app.start();
        return app;
    }

    /** Closes an instance as an operator stops one: it leaves the group, so the others take over its tasks at once. */
    void stop(CoordinatorApp app) {
        app.close();
        resources.remove(app);
    }
}
