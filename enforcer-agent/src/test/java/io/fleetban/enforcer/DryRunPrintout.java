package io.fleetban.enforcer;

import io.fleetban.enforcer.backend.ProcessCommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * What a dry-run enforcer prints: the exact ipset commands and scripts it would run. Tests read it while the
 * enforcer runs and after it closed, so it outlives the enforcer.
 */
final class DryRunPrintout {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** An enforcer, not started yet, whose dry-run backend prints here. */
    EnforcerApp enforcer(EnforcerConfig config) {
        return new EnforcerApp(
                config,
                Clock.systemUTC(),
                new ProcessCommandRunner(Duration.ofSeconds(5)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    boolean contains(String text) {
        return text().contains(text);
    }
}
