package io.fleetban.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes and messages an operator (or a systemd unit) relies on. */
class FleetbanCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Fleetban.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo",
                "broker",
                "coordinator",
                "shipper",
                "enforcer",
                "client",
                "check",
                "config",
                "import-fail2ban",
                "demo-app",
                "regex",
                "topics"
            })
    void shouldDescribeEverySubcommandWithHelp(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: fleetban " + command);
    }

    @Test
    void shouldRefuseAMissingConfigFileWithOneLineAndExitCode2() {
        assertThat(run("shipper", "-c", dir.resolve("nope.conf").toString())).isEqualTo(2);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .isEqualTo("fleetban: configuration file " + dir.resolve("nope.conf") + " does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shipper", "coordinator", "enforcer"})
    void shouldNameFileSectionAndKeyOfABadValueInOneLine(String agent) throws IOException {
        final Path fail2ban = copyTutorialJail();
        final Path conf = Files.writeString(
                dir.resolve("fleetban.conf"),
                String.join(
                        "\n",
                        "[kafka]",
                        "bootstrap.servers = localhost:9092",
                        "[fail2ban]",
                        "config.dir = " + fail2ban,
                        "[" + agent + "]",
                        "no.such.key = 1",
                        ""));

        assertThat(run(agent, "-c", conf.toString())).isEqualTo(2);

        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("fleetban: configuration error: " + conf)
                .contains("[" + agent + "]")
                .contains("no.such.key");
    }

    @Test
    void shouldNameTheKafkaKeyThatIsMissing() throws IOException {
        final Path conf = Files.writeString(
                dir.resolve("fleetban.conf"),
                "[kafka]\ntopic.prefix = x.\n[fail2ban]\nconfig.dir = " + copyTutorialJail() + "\n");

        assertThat(run("coordinator", "-c", conf.toString())).isEqualTo(2);

        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("fleetban: configuration error: ")
                .contains("[kafka]")
                .contains("bootstrap.servers");
    }

    @Test
    void shouldRefuseUnbanipWithoutAddressesOrAll() {
        assertThat(run("client", "--bootstrap-server", "127.0.0.1:1", "unbanip", "fail"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("give either IP addresses or --all");
    }

    @Test
    void shouldRefuseAnInvalidAddressBeforeItReachesKafka() {
        assertThat(run("client", "--bootstrap-server", "127.0.0.1:1", "banip", "fail", "203.0.113.999"))
                .isEqualTo(2);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("fleetban: ")
                .contains("203.0.113.999");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0.0.0.0/0       | 0.0.0.0/0 is wider than /24",
                "::/0            | ::/0 is wider than /64",
                "127.0.0.1       | 127.0.0.1 overlaps loopback 127.0.0.0/8",
                "0.0.0.0         | overlaps the unspecified",
                "::              | overlaps the unspecified address ::",
                "2001:db8::/16   | 2001:db8::/16 has host bits set; did you mean 2001::/16?",
                "1.2.3.4/8       | 1.2.3.4/8 has host bits set; did you mean 1.0.0.0/8?",
                "255.255.255.255 | broadcast"
            })
    void shouldRefuseABanOfWhatIsNeverBannedWithExitCode2AndWhy(String ip, String why) {
        assertThat(run("client", "--bootstrap-server", "127.0.0.1:1", "banip", "fail", "203.0.113.7", ip))
                .isEqualTo(2);
        assertThat(out.toString()).as("nothing sent, no count printed").isEmpty();
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("fleetban: refused " + ip + ": ")
                .contains(why);
    }

    @Test
    void shouldReadTheBanLimitsFromTheConfigsBansSection() throws IOException {
        final Path conf = Files.writeString(
                dir.resolve("fleetban.conf"), "[kafka]\nbootstrap.servers = 127.0.0.1:1\n[bans]\nmax.prefix.v4 = 32\n");

        assertThat(run("client", "-c", conf.toString(), "banip", "fail", "203.0.113.0/24"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("203.0.113.0/24 is wider than /32").contains("max.prefix.v4");
    }

    @Test
    void shouldRefuseAnUnknownTopicToTail() {
        assertThat(run("topics", "tail", "--bootstrap-server", "127.0.0.1:1", "passwords"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown topic passwords; one of active-bans, bans, commands, offenses, unbans");
    }

    @Test
    void shouldTreatAnUnknownSubcommandAsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    private Path copyTutorialJail() throws IOException {
        return TutorialJail.fail2banDir(dir);
    }
}
