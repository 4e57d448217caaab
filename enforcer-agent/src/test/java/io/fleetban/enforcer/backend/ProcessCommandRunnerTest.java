package io.fleetban.enforcer.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(30));

    @Test
    void shouldStreamAScriptLargerThanAPipeIntoTheProcess() throws FirewallException {
        final int lines = 50_000;

        final CommandResult result = runner.run(List.of("wc", "-l"), out -> {
            for (int i = 0; i < lines; i++) {
                out.append("add fleetban-fail-v4 198.18.0.1 timeout 60\n");
            }
        });

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(Integer.toString(lines));
    }

    @Test
    void shouldPassAWholeStdinTextThrough() throws FirewallException {
        final CommandResult result = runner.run(List.of("cat"), "add x\ndel y\n");

        assertThat(result.stdout()).isEqualTo("add x\ndel y\n");
    }

    @Test
    void shouldKillTheProcessRatherThanHandItAScriptCutShort(@TempDir Path dir) throws IOException {
        final Path received = dir.resolve("received");

        final FirewallException failure = assertThrows(
                FirewallException.class,
                () -> runner.run(List.of("sh", "-c", "cat > \"$0\"", received.toString()), out -> {
                    out.append("add fleetban-fail-v4 198.51.100.2 timeout 60\n");
                    throw new IllegalStateException("rendering failed");
                }));

        assertThat(failure).hasMessageContaining("rendering failed");
        assertThat(!Files.exists(received) || Files.size(received) == 0).isTrue();
    }
}
