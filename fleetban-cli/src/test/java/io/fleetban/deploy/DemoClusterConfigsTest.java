package io.fleetban.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.shipper.ShipperConfig;
import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fleetban.conf files the docker-compose demo mounts, loaded by the agents' own config loaders (which refuse
 * unknown keys), with the container paths ({@code /etc/fail2ban}, {@code /var/lib/fleetban}) moved into a temporary
 * directory laid out like the image: the tutorial's jail and filter plus the demo's {@code fail.local}.
 */
class DemoClusterConfigsTest {

    private static final Path REPO =
            Path.of(System.getProperty("fleetban.repo", "..")).toAbsolutePath().normalize();
    private static final Path CONFIGS = REPO.resolve("deploy/docker/config");

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"coordinator-1", "coordinator-2"})
    void shouldLoadTheCoordinatorConfigs(String name) throws IOException {
        final CoordinatorConfig config = CoordinatorConfig.load(asInContainer(name + ".conf"));
        assertThat(config.applicationId()).isEqualTo("fleetban-coordinator");
        assertThat(config.httpListen().hostAndPort()).isEqualTo(name + ":7070");
        assertThat(config.kafka().schemaRegistryUrl()).isPresent();
    }

    @Test
    void shouldLoadTheWebHostConfigForShipperAndEnforcer() throws IOException {
        final Path conf = asInContainer("webhost.conf");
        final ShipperConfig shipper = ShipperConfig.load(conf);
        final EnforcerConfig enforcer = EnforcerConfig.load(conf);
        assertThat(shipper.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(enforcer.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    }

    /** The config with container paths under {@link #root}; /etc/fail2ban as the image and the compose mounts make it. */
    private Path asInContainer(String file) throws IOException {
        final Path fail2ban = root.resolve("etc/fail2ban");
        if (!Files.isDirectory(fail2ban)) {
            TutorialJail.fail2banDir(root.resolve("etc"));
            Files.copy(CONFIGS.resolve("fail.local"), fail2ban.resolve("jail.d/fail.local"));
            Files.createDirectories(root.resolve("var/lib/fleetban"));
        }
        final String text = Files.readString(CONFIGS.resolve(file))
                .replace("/etc/fail2ban", fail2ban.toString())
                .replace("/var/lib/fleetban", root.resolve("var/lib/fleetban").toString());
        return Files.writeString(root.resolve(file), text);
    }
}
