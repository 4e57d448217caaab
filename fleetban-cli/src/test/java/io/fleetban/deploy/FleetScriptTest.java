package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/netns/fleet.sh} before it touches anything: usage, and its promise to address only never-routed
 * ranges. (The fleet itself is the end-to-end test's topology; {@code fleet.sh up|attack|status|down} is tried by
 * hand as root, see the README.)
 */
class FleetScriptTest {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final String SCRIPT = "deploy/netns/fleet.sh";

    @Test
    void shouldPrintUsageAndExit2WithoutASubcommand() {
        final Commands.Result result = Commands.run(REPO, "bash", SCRIPT);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("fleet.sh up", "fleet.sh attack", "fleet.sh status", "fleet.sh down");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "192.168.1", "198.20.0", "8.8.8", "198.18.256"})
    void shouldRefuseASubnetThatCouldBeRouted(String subnet) {
        assumeTrue("root".equals(System.getProperty("user.name")), "the subnet is checked after the root check");
        // `down` is the one subcommand that would touch nothing here either way; the check comes first.
        final Commands.Result result = Commands.run(
                REPO, Map.of("FLEET_SUBNET", subnet, "FLEET_NS_PREFIX", "fbtest"), "bash", SCRIPT, "status");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("FLEET_SUBNET=" + subnet + " is not a /24 of 198.18.0.0/15 or a TEST-NET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.18.0", "198.19.255", "192.0.2", "198.51.100", "203.0.113"})
    void shouldAcceptBenchmarkingAndTestNetSubnets(String subnet) {
        assumeTrue("root".equals(System.getProperty("user.name")), "the subnet is checked after the root check");
        // A prefix no namespace has: `status` passes the checks, then stops at "the fleet is not up".
        final Commands.Result result = Commands.run(
                REPO, Map.of("FLEET_SUBNET", subnet, "FLEET_NS_PREFIX", "fbtest"), "bash", SCRIPT, "status");
        assertThat(result.output()).contains("the fleet is not up");
        assertThat(result.exitCode()).isEqualTo(1);
    }
}
