package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class BenchLatencyCommandTest {

    private static BenchLatencyPlan plan(String... args) {
        BenchLatencyCommand command = new BenchLatencyCommand();
        new CommandLine(command).parseArgs(args);
        return command.plan();
    }

    @Test
    void shouldDefaultToThreeDryRunHostsWhoseAgentsTheLauncherStarts() {
        BenchLatencyPlan plan = plan();

        assertThat(plan.hosts()).isEqualTo(3);
        assertThat(plan.bans()).isEqualTo(200);
        assertThat(plan.backend()).isEqualTo("dry-run");
        assertThat(plan.ipset()).isFalse();
        assertThat(plan.interval()).isEqualTo(Duration.ofMillis(200));
        // No JVM options of the bench's own: the agents start through bin/fleetban, with the options it gives them.
        assertThat(plan.enforcerJvm()).isEmpty();
        assertThat(plan.shipperJvm()).isEmpty();
        assertThat(plan.coordinatorSettings()).isEmpty();
    }

    @Test
    void shouldPassEachAgentsSettingsToItsOwnSection() {
        BenchLatencyPlan plan = plan(
                "--hosts",
                "5",
                "--backend",
                "ipset",
                "--rate",
                "20",
                "--line-gap-ms",
                "0",
                "--coordinator-setting",
                "commit.interval=10ms",
                "--shipper-setting",
                "poll.interval=5ms",
                "--enforcer-setting",
                "fetch.max.wait=500ms",
                "--enforcer-jvm",
                "-Xmx64m  -XX:+UseSerialGC");

        assertThat(plan.hosts()).isEqualTo(5);
        assertThat(plan.ipset()).isTrue();
        assertThat(plan.interval()).isEqualTo(Duration.ofMillis(50));
        assertThat(plan.lineGap()).isZero();
        assertThat(plan.coordinatorSettings()).isEqualTo(Map.of("commit.interval", "10ms"));
        assertThat(plan.shipperSettings()).isEqualTo(Map.of("poll.interval", "5ms"));
        assertThat(plan.enforcerSettings()).isEqualTo(Map.of("fetch.max.wait", "500ms"));
        assertThat(plan.enforcerJvm()).isEqualTo(List.of("-Xmx64m", "-XX:+UseSerialGC"));
    }

    @Test
    void shouldRefuseAnUnknownBackendAsAUsageError() {
        assertThatThrownBy(() -> plan("--backend", "nftables"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--backend must be one of [dry-run, ipset]");
    }

    @Test
    void shouldRefuseSettingsTheBenchmarkSetsPerHost() {
        assertThatThrownBy(() -> plan("--enforcer-setting", "firewall.netns=mine"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("firewall.netns");
    }

    @Test
    void shouldRefuseZeroHostsAndANonPositiveRate() {
        assertThatThrownBy(() -> plan("--hosts", "0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--hosts must be 1..");
        assertThatThrownBy(() -> plan("--rate", "0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--rate must be > 0");
    }
}
