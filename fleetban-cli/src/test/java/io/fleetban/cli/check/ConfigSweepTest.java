package io.fleetban.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.shipper.ShipperConfig;
import io.fleetban.testkit.TutorialJail;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep lists every mistake a reader finds, with the real file's name and lines, and leaves no copy behind. */
class ConfigSweepTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEveryMistakeOfTheShipperNotOnlyTheFirst() throws Exception {
        final Path conf = write("""
                [kafka]
                bootstrap.servers = localhost:9092
                topic.partitions = zero
                [fail2ban]
                config.dir = %s
                [shipper]
                host.id = bad host
                poll.interval = 1h
                no.such.key = 1
                """);

        // Set.of's order of the known keys varies between runs: compare up to them.
        assertThat(ConfigSweep.errors(conf, ShipperConfig::load))
                .map(error -> error.replaceAll("known keys: .*", "known keys"))
                .containsExactly(
                        conf + ":3: [kafka] topic.partitions: 'zero' is not a whole number between 1 and 2147483647",
                        conf + ":9: [shipper] no.such.key: unknown key; known keys",
                        conf
                                + ":7: [shipper] host.id: 'bad host' is not a host id (letters, digits, . _ : @ -, at most 253 "
                                + "characters)",
                        conf + ":8: [shipper] poll.interval: '1h' is out of range 1ms..10s");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("fleetban.conf", "fail2ban");
        }
    }

    @Test
    void shouldAcceptAGoodFileAndStopAtAMistakeItCannotLookPast() throws Exception {
        final Path good = write("""
                [kafka]
                bootstrap.servers = localhost:9092
                [fail2ban]
                config.dir = %s
                [enforcer]
                backend = dry-run
                """);
        assertThat(ConfigSweep.errors(good, EnforcerConfig::load)).isEmpty();

        final Path noKafka = write("""
                [fail2ban]
                config.dir = %s
                [bans]
                max.prefix.v4 = 99
                """);
        // [bans] is read after [kafka], whose absence names no line to comment out: the sweep stops there.
        assertThat(ConfigSweep.errors(noKafka, EnforcerConfig::load))
                .singleElement()
                .asString()
                .endsWith("[kafka] section missing");
    }

    private Path write(String template) throws Exception {
        final Path fail2ban = dir.resolve("fail2ban");
        if (!Files.isDirectory(fail2ban)) {
            TutorialJail.fail2banDir(dir);
        }
        return Files.writeString(dir.resolve("fleetban.conf"), template.formatted(fail2ban));
    }
}
