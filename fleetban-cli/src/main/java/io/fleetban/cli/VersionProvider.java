package io.fleetban.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by Maven), or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        final String version = Fleetban.class.getPackage().getImplementationVersion();
        return new String[] {"fleetban " + (version == null ? "development" : version)};
    }
}
