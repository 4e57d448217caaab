package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/fleetban, run as the units and the package run it, picks the JVM options and class path by role: the agents
 * and `regex` start with their small serial-GC heap and without the broker's or Kafka Streams' jars, and still load
 * everything their command needs (a command line naming a subcommand builds only that subcommand's tree).
 */
class LauncherRolesIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, String> PACKAGED = Map.of(
            "FLEETBAN_SKIP_BUILD", "1", "FLEETBAN_JAVA_OPTS", "-XX:+PrintCommandLineFlags -XshowSettings:properties");

    @ParameterizedTest
    @ValueSource(strings = {"shipper", "enforcer"})
    void agentsGetASmallSerialHeapAndNoBrokerOrStreamsJars(String role) {
        final Commands.Result result = Commands.run(CHECKOUT, PACKAGED, "bin/fleetban", role, "--help");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains(
                        "-XX:+UseSerialGC",
                        "-XX:InitialHeapSize=8388608",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+ExitOnOutOfMemoryError",
                        "fleetban-" + role + "-agent-",
                        "kafka-clients-",
                        "Usage: fleetban " + role);
        assertThat(classPath(result.output()))
                .doesNotContain("kafka_2.13", "kafka-streams", "rocksdbjni", "scala-library");
    }

    @Test
    void onlyTheEnforcerGetsTheSmallYoungGenerationAShrinkingOldOneAndRoomForEveryBan() {
        final Commands.Result enforcer = Commands.run(CHECKOUT, PACKAGED, "bin/fleetban", "enforcer", "--help");
        final Commands.Result shipper = Commands.run(CHECKOUT, PACKAGED, "bin/fleetban", "shipper", "--help");

        assertThat(enforcer.output())
                .contains("-XX:MaxNewSize=4194304", "-XX:MaxHeapFreeRatio=30", "-XX:MaxHeapSize=268435456");
        assertThat(shipper.exitCode()).as(shipper.output()).isZero();
        assertThat(shipper.output())
                .contains("-XX:MaxHeapSize=33554432")
                .doesNotContain("-XX:MaxNewSize=", "-XX:MaxHeapFreeRatio=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "broker"})
    void theCoordinatorAndTheBrokerKeepTheWholeClassPathAndTheJvmDefaults(String role) {
        final Commands.Result result = Commands.run(CHECKOUT, PACKAGED, "bin/fleetban", role, "--help");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("-XX:+UseSerialGC").contains("Usage: fleetban " + role);
        assertThat(classPath(result.output())).contains("kafka-streams", "kafka_2.13");
    }

    @ParameterizedTest
    @ValueSource(strings = {"regex"})
    void regexRunsWithABoundedHeapOnTheAgentsClassPath(String role) {
        final Commands.Result result = Commands.run(
                CHECKOUT,
                PACKAGED,
                "bin/fleetban",
                role,
                "2025-10-08 14:23:15 - IP: 198.51.100.1 - User-Agent: curl",
                "^ - IP: <HOST> - ");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("-XX:MaxHeapSize=67108864", "Lines: 1 lines, 0 ignored, 1 matched, 0 missed");
        assertThat(classPath(result.output())).doesNotContain("kafka_2.13", "rocksdbjni");
    }

    /** The java.class.path line of -XshowSettings:properties (continuation lines of a long path included). */
    private static String classPath(String output) {
        final int start = output.indexOf("java.class.path = ");
        assertThat(start).as("java.class.path in " + output).isNotNegative();
        final int end = output.indexOf("java.class.version", start);
        return output.substring(start, end < 0 ? output.length() : end);
    }
}
