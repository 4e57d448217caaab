package io.fleetban.coordinator;

import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Instances of one coordinator application, each started on a state directory of its own below the test's
 * directory, and closed with the test's other resources unless the test stops one itself.
 */
final class CoordinatorInstances {

    private final ClosingStack resources;
    private final Path dir;
    /** An instance's config from its state directory: all else is the same for every instance. */
    private final Function<Path, CoordinatorConfig> config;

    /** @param standbys standby replicas (1 for failover tests) */
    CoordinatorInstances(ClosingStack resources, Path dir, KafkaSettings kafka, JailPolicies jails,
                         String applicationId, int standbys) {
        this.resources = resources;
        this.dir = dir;
        config = stateDir -> TestCoordinatorConfigs.of(dir, kafka, jails, applicationId, stateDir, standbys);
    }

    /** Starts an instance on the state directory {@code name}; it still has to reach RUNNING. */
    CoordinatorApp start(String name) {
        return start(name, QueryApiOptions.plain());
    }

    /** Starts an instance whose query API is reached (advertised) or secured as {@code queryApi} says. */
    CoordinatorApp start(String name, QueryApiOptions queryApi) {
        CoordinatorApp app = resources.add(new CoordinatorApp(config.apply(dir.resolve(name)).withQueryApi(queryApi)));
        app.start();
        return app;
    }

    /** Closes an instance as an operator stops one: it leaves the group, so the others take over its tasks at once. */
    void stop(CoordinatorApp app) {
        app.close();
        resources.remove(app);
    }
}
