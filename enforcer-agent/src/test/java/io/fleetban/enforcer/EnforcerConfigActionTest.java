package io.fleetban.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.enforcer.backend.BackendType;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.command.ActionPhase;
import io.fleetban.fail2ban.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [enforcer] action} of the command backend: read and checked with the rest of the config. */
class EnforcerConfigActionTest {

    private static final Path SEED_JAIL =
            Path.of("..", "examples", "jail.d", "fail.conf").toAbsolutePath().normalize();
    private static final Path SEED_FILTER =
            Path.of("..", "examples", "filter.d", "fail.conf").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeEach
    void fail2banDirWithAnAction() throws IOException {
        Files.createDirectories(dir.resolve("fail2ban/jail.d"));
        Files.createDirectories(dir.resolve("fail2ban/filter.d"));
        Files.createDirectories(dir.resolve("fail2ban/action.d"));
        Files.copy(SEED_JAIL, dir.resolve("fail2ban/jail.d/fail.conf"));
        Files.copy(SEED_FILTER, dir.resolve("fail2ban/filter.d/fail.conf"));
        Files.writeString(dir.resolve("fail2ban/action.d/blackhole.conf"), """
                [Definition]
                actionban = ip route add <kind> <ip>
                actionunban = ip route del <kind> <ip>
                [Init]
                kind = blackhole
                """);
        Files.writeString(
                dir.resolve("fail2ban/action.d/mailer.conf"), "[Definition]\nactionban = mail -s <matches> root\n");
    }

    private Path conf(String enforcerSection) throws IOException {
        final Path file = dir.resolve("fleetban.conf");
        Files.writeString(
                file,
                "[kafka]\nbootstrap.servers = localhost:9092\n\n[fail2ban]\nconfig.dir = " + dir.resolve("fail2ban")
                        + "\n\n[enforcer]\n" + enforcerSection);
        return file;
    }

    @Test
    void shouldReadTheActionOfTheCommandBackendWithItsParameters() throws IOException {
        final EnforcerConfig config =
                EnforcerConfig.load(conf("backend = command\naction = blackhole[kind=unreachable]\n"));

        assertThat(config.backend()).isEqualTo(BackendType.COMMAND);
        assertThat(config.action()).hasValueSatisfying(action -> {
            assertThat(action.name()).isEqualTo("blackhole[kind=unreachable]");
            assertThat(action.command(IpFamily.IPV4, ActionPhase.BAN).argvs(Map.of("ip", "203.0.113.7")))
                    .containsExactly(List.of("ip", "route", "add", "unreachable", "203.0.113.7"));
        });
    }

    @Test
    void shouldHaveNoActionForTheOtherBackends() throws IOException {
        assertThat(EnforcerConfig.load(conf("backend = nftables\n")).action()).isEmpty();
    }

    @Test
    void shouldRequireTheActionWithTheCommandBackendOnly() throws IOException {
        final Path missing = conf("backend = command\n");
        assertThatThrownBy(() -> EnforcerConfig.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[enforcer] action")
                .hasMessageContaining("required with backend = command");
        final Path stray = conf("backend = ipset\naction = blackhole\n");
        assertThatThrownBy(() -> EnforcerConfig.load(stray))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[enforcer] action")
                .hasMessageContaining("only used with backend = command");
    }

    @Test
    void shouldRefuseAtStartAnActionThatIsMissingOrNeedsATagFleetbanCannotFill() throws IOException {
        final Path absent = conf("backend = command\naction = nosuchaction\n");
        assertThatThrownBy(() -> EnforcerConfig.load(absent))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[enforcer] action")
                .hasMessageContaining("nosuchaction");
        final Path mailer = conf("backend = command\naction = mailer\n");
        assertThatThrownBy(() -> EnforcerConfig.load(mailer))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[enforcer] action")
                .hasMessageContaining("mailer.conf")
                .hasMessageContaining("<matches>");
    }
}
