package io.fleetban.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.testkit.FleetbanConfFile;
import io.fleetban.testkit.TutorialJail;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [enforcer] state.dir} at start: created when a registry is configured, refused by name if it cannot be. */
class EnforcerAppStateDirTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartWhenTheStateDirCannotBeCreated() throws Exception {
        final Path underAFile = Files.writeString(dir.resolve("a-file"), "x").resolve("state");
        final DryRunPrintout printed = new DryRunPrintout();

        try (EnforcerApp app = printed.enforcer(config(underAFile))) {
            assertThatThrownBy(app::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot create [enforcer] state.dir " + underAFile + ": ");
        }
        assertThat(printed.text())
                .as("stopped before the firewall was touched")
                .doesNotContain("create fleetban-fail-v4");
    }

    private EnforcerConfig config(Path stateDir) throws Exception {
        return EnforcerConfig.load(new FleetbanConfFile()
                .set("kafka", "bootstrap.servers", "localhost:9")
                .set("kafka", "schema.registry.url", "http://localhost:9")
                .set("fail2ban", "config.dir", TutorialJail.examples())
                .set("enforcer", "backend", "dry-run")
                .set("enforcer", "state.dir", stateDir)
                .writeTo(dir.resolve("fleetban.conf")));
    }
}
