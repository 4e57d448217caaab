package io.fleetban.cli;

import io.fleetban.shipper.ShipperApp;
import io.fleetban.shipper.ShipperConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetban shipper -c FILE}: runs the shipper agent: tail the jails' logs, match their filters, publish offenses. */
@Command(
        name = "shipper",
        mixinStandardHelpOptions = true,
        description = "Run the shipper agent: tail the jails' logs, match their filters, publish offenses.")
final class ShipperCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Override
    public Integer call() {
        final ShipperConfig parsed = config.load(ShipperConfig::load);
        final ShipperApp app = ShipperApp.create(parsed);
        app.start();
        return AgentRunner.runUntilSignalled("shipper", app);
    }
}
