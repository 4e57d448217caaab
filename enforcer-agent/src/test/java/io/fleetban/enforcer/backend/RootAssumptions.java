package io.fleetban.enforcer.backend;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

/**
 * Tests that change a real firewall or create network namespaces need root and the firewall's tools; where either
 * is missing they are skipped (a JUnit assumption), never failed, so they run on CI as root and skip elsewhere.
 */
public final class RootAssumptions {

    private RootAssumptions() {}

    /** Skips the calling test unless it runs as root with every one of {@code tools} on the PATH. */
    public static void assumeRootWith(String... tools) throws FirewallException {
        final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
        assumeTrue(host.run(List.of("id", "-u"), "").stdout().strip().equals("0"), "needs root");
        for (String tool : tools) {
            assumeTrue(host.run(List.of("sh", "-c", "command -v " + tool), "").succeeded(), tool + " missing");
        }
    }
}
