package io.fleetban.cli;

import io.fleetban.enforcer.EnforcerApp;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.FirewallException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetban enforcer -c FILE}: runs the enforcer agent: apply every ban and unban to this host's firewall. */
@Command(
        name = "enforcer",
        mixinStandardHelpOptions = true,
        description = "Run the enforcer agent: apply every ban and unban to this host's firewall.")
final class EnforcerCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Override
    public Integer call() throws FirewallException {
        final EnforcerConfig parsed = config.load(EnforcerConfig::load);
        final EnforcerApp app = EnforcerApp.create(parsed);
        app.start();
        return AgentRunner.runUntilSignalled("enforcer", app, app.died());
    }
}
