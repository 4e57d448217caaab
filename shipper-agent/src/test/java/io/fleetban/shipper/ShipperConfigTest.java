package io.fleetban.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.config.HostId;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.shipper.tail.ReadFrom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShipperConfigTest {

    @TempDir
    Path dir;

    private Path conf(String... shipperKeys) throws IOException {
        return SeedFail2banConfig.fleetbanConf(dir, "localhost:9092", dir.resolve("fail.log"), shipperKeys);
    }

    private Path replaceInConf(Path conf, String from, String to) throws IOException {
        Files.writeString(conf, Files.readString(conf).replace(from, to));
        return conf;
    }

    @Test
    void readsTheSeedJailWithItsFilterAndTheDefaults() throws IOException {
        ShipperConfig config = ShipperConfig.load(conf());

        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.jails()).singleElement().satisfies(jail -> {
            assertThat(jail.name()).isEqualTo("fail");
            assertThat(jail.logPaths()).containsExactly(dir.resolve("fail.log").toString());
            assertThat(jail.filter().failRegex()).containsExactly("^.* - IP: <HOST> - User-Agent:.*$");
        });
        assertThat(config.hostId()).isEqualTo("web-1");
        assertThat(config.stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.readFrom()).isEqualTo(ReadFrom.FINDTIME);
        assertThat(config.jails())
                .singleElement()
                .satisfies(jail -> assertThat(jail.findTime()).isEqualTo(Duration.ofMinutes(10)));
        assertThat(config.maxLineBytes()).isEqualTo(16384);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.logTimeZone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void readsEveryShipperKey() throws IOException {
        ShipperConfig config = ShipperConfig.load(conf(
                "poll.interval = 25ms",
                "read.from = beginning",
                "max.line.bytes = 4096",
                "checkpoint.interval = 1m 30s",
                "log.timezone = Europe/Paris"));

        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(config.readFrom()).isEqualTo(ReadFrom.BEGINNING);
        assertThat(config.maxLineBytes()).isEqualTo(4096);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.logTimeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void metricsListenIsOffByDefault() throws IOException {
        assertThat(ShipperConfig.load(conf()).metricsListen()).isEmpty();
    }

    @Test
    void metricsListenIsReadWhenSet() throws IOException {
        assertThat(ShipperConfig.load(conf("metrics.listen = 127.0.0.1:9101")).metricsListen())
                .hasValueSatisfying(listen -> assertThat(listen.getPort()).isEqualTo(9101));
    }

    @Test
    void badMetricsListenIsRefused() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("metrics.listen = 9101")))
                .hasMessageContaining("[shipper] metrics.listen: expected host:port, got '9101'");
    }

    @Test
    void hostIdDefaultsToTheHostName() throws IOException {
        Path conf = replaceInConf(conf(), "host.id = web-1\n", "");

        assertThat(ShipperConfig.load(conf).hostId()).isNotBlank();
    }

    @Test
    void badPollIntervalNamesFileLineSectionAndKey() throws IOException {
        Path conf = conf("poll.interval = 10 lightyears");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conf + ":9: [shipper] poll.interval: unknown time unit 'lightyears' in '10 lightyears'");
    }

    @Test
    void pollIntervalOutOfRangeIsRefused() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("poll.interval = 0")))
                .hasMessageContaining("[shipper] poll.interval: '0' is out of range 1ms..10s");
    }

    @Test
    void aBarePollIntervalIsSecondsAsInFail2banAndTooLong() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("poll.interval = 20")))
                .hasMessageContaining("[shipper] poll.interval: '20' is out of range 1ms..10s");
    }

    @Test
    void checkpointIntervalBelowTenMillisecondsIsRefused() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("checkpoint.interval = 5ms")))
                .hasMessageContaining("[shipper] checkpoint.interval: '5ms' is out of range 10ms..1h");
    }

    @Test
    void theOldMillisecondPollKeyIsRefusedNamingItsReplacement() throws IOException {
        Path conf = conf("poll.interval.ms = 25");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conf + ":9: [shipper] poll.interval.ms: renamed to poll.interval, which takes a duration"
                        + " (e.g. poll.interval = 25ms)");
    }

    @Test
    void theOldMillisecondCheckpointKeyIsRefusedNamingItsReplacement() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("checkpoint.interval.ms = 1000")))
                .hasMessageContaining("[shipper] checkpoint.interval.ms: renamed to checkpoint.interval, which takes a"
                        + " duration (e.g. checkpoint.interval = 1000ms)");
    }

    @ParameterizedTest
    @CsvSource({"findtime, FINDTIME", "END, END", "beginning, BEGINNING"})
    void readFromTakesEachOfItsThreeValues(String text, ReadFrom expected) throws IOException {
        assertThat(ShipperConfig.load(conf("read.from = " + text)).readFrom()).isEqualTo(expected);
    }

    @Test
    void unknownReadFromIsRefused() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("read.from = middle")))
                .hasMessageContaining("[shipper] read.from: 'middle' is none of findtime, end, beginning");
    }

    @Test
    void misspelledKeyIsRefusedInsteadOfIgnored() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("poll.intervall = 10ms")))
                .hasMessageContaining("[shipper] poll.intervall: unknown key");
    }

    @Test
    void badTimeZoneIsRefused() throws IOException {
        assertThatThrownBy(() -> ShipperConfig.load(conf("log.timezone = Mars/Olympus")))
                .hasMessageContaining("[shipper] log.timezone: 'Mars/Olympus' is not a time zone");
    }

    @Test
    void hostIdWithSpacesIsRefused() throws IOException {
        Path conf = replaceInConf(conf(), "host.id = web-1", "host.id = web 1");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .hasMessageContaining(conf + ":7: [shipper] host.id: 'web 1' is not a host id");
    }

    @Test
    void missingFail2banDirectoryIsRefused() throws IOException {
        Path conf = replaceInConf(conf(), "config.dir = " + dir.resolve("fail2ban"), "config.dir = /nonexistent/f2b");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .hasMessageContaining(conf + ":5: [fail2ban] config.dir: not a directory: /nonexistent/f2b");
    }

    @Test
    void stateDirThatIsAFileIsRefused() throws IOException {
        Path conf = conf();
        Files.writeString(dir.resolve("state"), "not a directory");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .hasMessageContaining(conf + ":8: [shipper] state.dir: not a directory");
    }

    @Test
    void missingKafkaSectionIsRefused() throws IOException {
        Path conf =
                replaceInConf(conf(), "[kafka]\nbootstrap.servers = localhost:9092\ntopic.prefix = fleetban.\n", "");

        assertThatThrownBy(() -> ShipperConfig.load(conf)).hasMessageContaining(conf + ": [kafka] section missing");
    }

    @Test
    void missingBootstrapServersIsRefusedByTheKafkaSection() throws IOException {
        Path conf = replaceInConf(conf(), "bootstrap.servers = localhost:9092\n", "");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(conf.toString())
                .hasMessageContaining("[kafka] bootstrap.servers");
    }

    @Test
    void jailWithoutEnabledJailsIsRefused() throws IOException {
        Path conf = conf();
        Path jail = dir.resolve("fail2ban/jail.d/fail.conf");
        Files.writeString(jail, Files.readString(jail).replace("enabled = true", "enabled = false"));

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .hasMessageContaining("[fail2ban] config.dir: no enabled jail with a logpath");
    }

    @Test
    void relativeLogpathIsRefused() throws IOException {
        Path conf = conf();
        Path jail = dir.resolve("fail2ban/jail.d/fail.conf");
        Files.writeString(
                jail, Files.readString(jail).replace("logpath = " + dir.resolve("fail.log"), "logpath = fail.log"));

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[fail] logpath: logpath must be absolute: fail.log");
    }

    /** Writes an sshd jail with {@code backend = systemd} and a filter with {@code journalmatch}. */
    private void addJournalJail(String journalmatch) throws IOException {
        Files.writeString(dir.resolve("fail2ban/filter.d/sshd-lite.conf"), """
                [Definition]
                failregex = ^\\S+ sshd\\[\\d+\\]: Failed password for \\S+ from <HOST>
                [Init]
                journalmatch = %s
                """.formatted(journalmatch));
        Files.writeString(dir.resolve("fail2ban/jail.d/sshd.conf"), """
                [sshd]
                enabled = true
                backend = systemd
                filter = sshd-lite
                """);
    }

    @Test
    void systemdJailFollowsTheJournalWithItsJournalmatch() throws IOException {
        Path conf = conf();
        addJournalJail("_SYSTEMD_UNIT=sshd.service + _COMM=sshd");

        ShipperConfig config = ShipperConfig.load(conf);

        assertThat(config.jails()).extracting(ShipperConfig.WatchedJail::name).containsExactly("fail");
        assertThat(config.journalJails()).singleElement().satisfies(jail -> {
            assertThat(jail.name()).isEqualTo("sshd");
            assertThat(jail.matchArguments()).containsExactly("_SYSTEMD_UNIT=sshd.service", "+", "_COMM=sshd");
            assertThat(jail.filter().options()).containsEntry("logtype", "journal");
        });
        assertThat(config.journalctl()).containsExactly("journalctl");
    }

    @Test
    void journalctlCommandIsSplitIntoArgumentsWithoutAShell() throws IOException {
        ShipperConfig config =
                ShipperConfig.load(conf("journalctl = /usr/bin/journalctl  --directory=/var/log/journal"));

        assertThat(config.journalctl()).containsExactly("/usr/bin/journalctl", "--directory=/var/log/journal");
    }

    @Test
    void badJournalmatchNamesTheFilterFileAndKey() throws IOException {
        Path conf = conf();
        addJournalJail("--file=/etc/shadow");

        assertThatThrownBy(() -> ShipperConfig.load(conf))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sshd-lite.conf")
                .hasMessageContaining("[Init] journalmatch")
                .hasMessageContaining("'--file=/etc/shadow' is not FIELD=value");
    }

    @Test
    void blankValuesMeanTheDefault() throws IOException {
        ShipperConfig config = ShipperConfig.load(conf("journalctl =", "poll.interval =", "read.from = "));

        assertThat(config.journalctl()).containsExactly(ShipperConfig.DEFAULT_JOURNALCTL);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.readFrom()).isEqualTo(ReadFrom.FINDTIME);
    }

    @Test
    void blankHostIdIsTheHostName() throws IOException {
        Path conf = replaceInConf(conf(), "host.id = web-1", "host.id =");

        assertThat(ShipperConfig.load(conf).hostId()).isEqualTo(HostId.ofThisHost());
    }
}
