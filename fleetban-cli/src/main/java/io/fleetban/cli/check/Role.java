package io.fleetban.cli.check;

import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.shipper.ShipperConfig;
import java.nio.file.Path;
import java.util.function.Function;

/** The agents a host may run, each with its fleetban.conf section and its own config reader. */
public enum Role {
    SHIPPER("shipper", ShipperConfig::load),
    ENFORCER("enforcer", EnforcerConfig::load),
    COORDINATOR("coordinator", CoordinatorConfig::load);

    private final String section;
    private final Function<Path, ?> loader;

    Role(String section, Function<Path, ?> loader) {
        this.section = section;
        this.loader = loader;
    }

    /** The role's section in fleetban.conf, also its name on the command line. */
    public String section() {
        return section;
    }

    /** The agent's own reader, the one it runs at start. */
    Function<Path, ?> loader() {
        return loader;
    }
}
