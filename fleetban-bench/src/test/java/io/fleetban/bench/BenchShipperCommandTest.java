package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.shipper.ShipperConfig;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The bench's method without a broker: the files its shipper starts from, its latency lines, its options. */
class BenchShipperCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAConfigurationTheShipperLoadsWithTheTutorialJailOnTheTailedLog() {
        BenchShipperFiles.Written files = BenchShipperFiles.write(
                dir,
                "127.0.0.1:9092",
                3,
                Optional.empty(),
                Map.of("poll.interval", "5ms"),
                Map.of("max.in.flight.requests.per.connection", "2"));

        ShipperConfig config = ShipperConfig.load(files.fleetbanConf());

        assertThat(config.jails()).singleElement().satisfies(jail -> {
            assertThat(jail.name()).isEqualTo(BenchShipperFiles.SEED_JAIL);
            assertThat(jail.logPaths()).containsExactly(files.seedLog().toString());
        });
        assertThat(config.hostId()).isEqualTo(BenchShipperFiles.HOST_ID);
        assertThat(config.kafka().topicPartitions()).isEqualTo(3);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.kafka().clientOverrides()).containsEntry("max.in.flight.requests.per.connection", "2");
        assertThat(config.metricsListen()).isPresent();
        assertThat(files.seedLog()).isEmptyFile();
        assertThat(files.authLog()).isEmpty();
    }

    @Test
    void shouldSkipTheSshdJailWhenDebiansFilterIsMissing() {
        assertThat(BenchShipperFiles.sshdFilterDir(dir.resolve("no-fail2ban"))).isEmpty();
    }

    @Test
    void shouldAppendLatencyLinesTheTutorialFilterMatchesWithTheirOwnAddress() {
        BenchShipperFiles.Written files =
                BenchShipperFiles.write(dir, "127.0.0.1:9092", 1, Optional.empty(), Map.of(), Map.of());
        Path filter = files.fleetbanConf().resolveSibling("fail2ban/filter.d/fail.conf");
        JailFilter tutorial =
                JailFilter.compile(FilterReader.readFile(filter, Map.of()), FilterClock.system(ZoneOffset.UTC));
        String line = new String(LineToOffenseProbe.line("198.18.0.7"), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(tutorial.match(line.strip()))
                .isInstanceOfSatisfying(
                        MatchResult.Failure.class,
                        failure -> assertThat(failure.ip().canonical()).isEqualTo("198.18.0.7"));
    }

    @Test
    void shouldRefuseARateOfZero() {
        BenchShipperCommand command = new BenchShipperCommand();
        new CommandLine(command).parseArgs("--rate", "0");

        assertThatThrownBy(command::validate)
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--rate");
    }

    @Test
    void shouldReadShipperSettingsAndJvmOptions() {
        BenchShipperCommand command = new BenchShipperCommand();
        new CommandLine(command)
                .parseArgs(
                        "--lines",
                        "1000",
                        "--shipper-setting",
                        "poll.interval=2ms",
                        "--shipper-jvm",
                        "-Xmx128m -XX:+UseSerialGC");
        command.validate();

        assertThat(command.lines).isEqualTo(1000);
        assertThat(command.shipperSettings).containsEntry("poll.interval", "2ms");
        assertThat(command.shipperJvm).containsExactly("-Xmx128m", "-XX:+UseSerialGC");
    }
}
