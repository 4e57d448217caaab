package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out bench's fleet in child JVMs: commands reach every shard, a shard's error names its log, and a JVM that
 * cannot start says why.
 */
class FanoutShardsTest {

    @TempDir
    Path workDir;

    @Test
    void drivesEveryShardJvmAndStopsThemAtClose() throws Exception {
        final FanoutShards fleet = FanoutShards.launch(2, List.of("-Xmx64m"), workDir, List.of("[enforcer]"));
        try {
            fleet.track(List.of("198.18.0.1", "198.18.0.2"));
            assertThat(fleet.tally().track("198.18.0.1").hosts()).isZero();
            assertThat(fleet.cpuNanos()).isPositive();
            assertThatThrownBy(() -> fleet.holding(0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("error no hosts started")
                    .hasMessageContaining("hosts-0.log");
        } finally {
            fleet.close();
        }
        assertThat(workDir.resolve("hosts.conf")).hasContent("[enforcer]");
        assertThat(workDir.resolve("hosts-1.log")).exists();
    }

    @Test
    void aShardJvmThatCannotStartFailsTheLaunchWithWhatItsJavaSaid() {
        assertThatThrownBy(() -> FanoutShards.launch(1, List.of("-Xlog:no-such-tag"), workDir, List.of("[enforcer]")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hosts JVM 0 exited with code 1")
                .hasMessageContaining("no-such-tag");
    }
}
