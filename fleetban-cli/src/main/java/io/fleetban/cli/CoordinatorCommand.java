package io.fleetban.cli;

import io.fleetban.coordinator.CoordinatorApp;
import io.fleetban.coordinator.CoordinatorConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetban coordinator -c FILE}: runs the Kafka Streams coordinator: fleet-wide counting, ban and unban decisions, query API. */
@Command(
        name = "coordinator",
        mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams coordinator: fleet-wide counting, ban and unban decisions, query API.")
final class CoordinatorCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Override
    public Integer call() {
        final CoordinatorConfig parsed = config.load(CoordinatorConfig::load);
        final CoordinatorApp app = new CoordinatorApp(parsed);
        app.start();
        return AgentRunner.runUntilSignalled("coordinator", app);
    }
}
