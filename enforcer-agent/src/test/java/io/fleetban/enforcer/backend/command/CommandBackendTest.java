package io.fleetban.enforcer.backend.command;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.backend.BanFixtures.permanent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import io.fleetban.enforcer.backend.TestClock;
import io.fleetban.fail2ban.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command backend on a small action written here, with every command recorded. */
class CommandBackendTest {

    private static final String ACTION = """
            [Definition]
            actionstart = logger -t fleetban-test "start <name>" <port> <protocol>
            actionstop = logger -t fleetban-test stop <name>
            actionban = <cmd> add <blocktype> <ip> bantime=<bantime> family=<family>
            actionunban = <cmd> del <blocktype> <ip>

            [Init]
            cmd = ip route
            blocktype = unreachable

            [Init?family=inet6]
            blocktype = prohibit
            """;

    @TempDir
    Path actionDir;

    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final TestClock clock = new TestClock(NOW);
    private CommandBackend backend;

    @BeforeEach
    void startBackend() throws IOException, FirewallException {
        backend = backend("test-action");
        backend.init(List.of(FAIL));
    }

    private CommandBackend backend(String reference) throws IOException {
        Files.writeString(actionDir.resolve("test-action.conf"), ACTION);
        return new CommandBackend(runner, clock, Fail2banActionReader.read(actionDir, reference));
    }

    @Test
    void shouldRunActionstartOncePerJailWhenBothFamiliesGiveTheSameCommand() {
        assertThat(runner.calls())
                .extracting(RecordingCommandRunner.Call::argv)
                .containsExactly(List.of("logger", "-t", "fleetban-test", "start fail", "8000", "tcp"));
    }

    @Test
    void shouldBanAndUnbanWithExactArgumentVectors() throws FirewallException {
        runner.clear();
        backend.add(banFor("fail", "203.0.113.7", 600));
        backend.commit();
        backend.remove(key("fail", "203.0.113.7"));
        backend.commit();

        assertThat(runner.calls())
                .extracting(RecordingCommandRunner.Call::argv)
                .containsExactly(
                        List.of("ip", "route", "add", "unreachable", "203.0.113.7", "bantime=600", "family=inet4"),
                        List.of("ip", "route", "del", "unreachable", "203.0.113.7"));
        assertThat(backend.list()).isEmpty();
    }

    @Test
    void shouldUseTheInet6InitValuesAndMinusOneForAPermanentIpv6Ban() throws FirewallException {
        runner.clear();
        backend.add(permanent("fail", "2001:db8::7"));
        backend.commit();

        assertThat(runner.calls())
                .extracting(RecordingCommandRunner.Call::argv)
                .containsExactly(
                        List.of("ip", "route", "add", "prohibit", "2001:db8::7", "bantime=-1", "family=inet6"));
        assertThat(backend.list()).containsExactly(key("fail", "2001:db8::7"));
    }

    @Test
    void shouldLetParametersOverrideInitForBothFamilies() throws IOException, FirewallException {
        final CommandBackend blackhole = backend("test-action[blocktype=blackhole]");
        blackhole.init(List.of(FAIL));
        runner.clear();
        blackhole.add(banFor("fail", "203.0.113.7", 60));
        blackhole.add(banFor("fail", "2001:db8::7", 60));
        blackhole.commit();

        assertThat(runner.lines())
                .containsExactly(
                        "ip route add blackhole 203.0.113.7 bantime=60 family=inet4",
                        "ip route add blackhole 2001:db8::7 bantime=60 family=inet6");
    }

    @Test
    void shouldRunUnbansBeforeBansInOneCommitAndNotBanAnAppliedAddressTwice() throws FirewallException {
        backend.add(banFor("fail", "203.0.113.7", 600));
        backend.commit();
        runner.clear();
        backend.add(banFor("fail", "203.0.113.8", 600));
        backend.add(banFor("fail", "203.0.113.7", 900));
        backend.remove(key("fail", "203.0.113.9"));
        backend.remove(key("fail", "203.0.113.7"));

        backend.commit();

        assertThat(runner.lines())
                .containsExactly(
                        "ip route del unreachable 203.0.113.7",
                        "ip route add unreachable 203.0.113.8 bantime=600 family=inet4");
    }

    @Test
    void shouldApplyTheOtherDecisionsAndReportTheFailedOne() {
        runner.clear();
        runner.answer(
                argv -> new CommandResult(argv, argv.contains("203.0.113.8") ? 2 : 0, "", "RTNETLINK answers: busy"));
        backend.add(banFor("fail", "203.0.113.8", 600));
        backend.add(banFor("fail", "203.0.113.9", 600));

        assertThatThrownBy(backend::commit)
                .isInstanceOf(FirewallException.class)
                .hasMessageContaining("actionban fail/203.0.113.8")
                .hasMessageContaining("RTNETLINK answers: busy");
        assertThat(runner.calls()).hasSize(2);
        assertThat(backend.list()).containsExactly(key("fail", "203.0.113.9"));
    }

    @Test
    void shouldUnbanWhatIsAppliedThenRunActionstopAtShutdown() throws FirewallException {
        backend.add(banFor("fail", "203.0.113.7", 600));
        backend.commit();
        runner.clear();

        backend.shutdown();

        assertThat(runner.lines())
                .containsExactly("ip route del unreachable 203.0.113.7", "logger -t fleetban-test stop fail");
        assertThat(backend.list()).isEmpty();
    }

    @Test
    void shouldRunOnlyALineWithShellSyntaxThroughShWithTheValueSingleQuoted() throws IOException, FirewallException {
        Files.writeString(actionDir.resolve("to-file.conf"), """
                [Definition]
                actionban = echo <ip> <name> >> <file>
                actionunban = sed -i '/^<ip>$/d' <file>
                [Init]
                file = /var/tmp/banned
                """);
        final CommandBackend toFile =
                new CommandBackend(runner, clock, Fail2banActionReader.read(actionDir, "to-file"));
        toFile.init(List.of(FAIL));
        runner.clear();
        toFile.add(banFor("fail", "2001:db8::7", 600));
        toFile.commit();
        toFile.remove(key("fail", "2001:db8::7"));
        toFile.commit();

        assertThat(runner.calls())
                .extracting(RecordingCommandRunner.Call::argv)
                .containsExactly(
                        List.of("/bin/sh", "-c", "echo '2001:db8::7' 'fail' >> /var/tmp/banned"),
                        List.of("sed", "-i", "/^2001:db8::7$/d", "/var/tmp/banned"));
    }

    @Test
    void shouldRefuseAnActionUsingATagFleetbanCannotFill() throws IOException {
        Files.writeString(actionDir.resolve("mailer.conf"), """
                [Definition]
                actionban = mail -s "banned <ip> after <failures> failures" root
                """);

        assertThatThrownBy(() -> Fail2banActionReader.read(actionDir, "mailer"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mailer.conf")
                .hasMessageContaining("actionban")
                .hasMessageContaining("<failures>");
    }

    @Test
    void shouldRefuseAnIpInActionstartAndAJailTagGivenAsAParameter() throws IOException {
        Files.writeString(actionDir.resolve("early.conf"), "[Definition]\nactionstart = logger <ip>\n");

        assertThatThrownBy(() -> Fail2banActionReader.read(actionDir, "early"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actionstart")
                .hasMessageContaining("<ip>");
        assertThatThrownBy(() -> Fail2banActionReader.read(actionDir, "test-action[port=22]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'port' is set by fleetban");
        assertThatThrownBy(() -> Fail2banActionReader.read(actionDir, "../test-action"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an action.d name");
    }
}
