package io.fleetban.fail2ban.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code %(name)s} interpolation as fail2ban does it, through {@link LayeredConfig#get}. */
class InterpolationTest {
    private static final Path FILE = Path.of("/etc/fail2ban/jail.conf");

    private static LayeredConfig cfg(String text) {
        return LayeredConfig.merge(List.of(IniFile.parse(FILE, List.of(text.split("\n")))));
    }

    @Test
    void referencesResolveInTheContextOfTheRequestedSection() {
        final LayeredConfig cfg = cfg("""
                [DEFAULT]
                port = 0:65535
                protocol = tcp
                banaction = iptables-multiport
                action_ = %(banaction)s[port="%(port)s", protocol="%(protocol)s"]
                action = %(action_)s
                [sshd]
                port = ssh
                """);
        assertThat(cfg.get("sshd", "action")).contains("iptables-multiport[port=\"ssh\", protocol=\"tcp\"]");
        assertThat(cfg.get("DEFAULT", "action")).contains("iptables-multiport[port=\"0:65535\", protocol=\"tcp\"]");
    }

    @Test
    void nameIsTheSectionName() {
        final LayeredConfig cfg =
                cfg("[DEFAULT]\nmode = normal\nfilter = %(__name__)s[mode=%(mode)s]\n[nginx-http-auth]\n");
        assertThat(cfg.get("nginx-http-auth", "filter")).contains("nginx-http-auth[mode=normal]");
    }

    @Test
    void sectionSlashOptionReadsAnotherSectionRawAndDefaultSlashReadsDefault() {
        final LayeredConfig cfg = cfg("""
                [DEFAULT]
                backend = auto
                default_backend = %(default/backend)s
                sshd_backend = %(default_backend)s
                [lt_file]
                datepattern = {^LN-BEG}
                [lt_short]
                datepattern = %(lt_file/datepattern)s
                [sshd]
                backend = %(sshd_backend)s
                [other]
                backend = systemd
                x = %(sshd_backend)s
                """);
        assertThat(cfg.get("lt_short", "datepattern")).contains("{^LN-BEG}");
        assertThat(cfg.get("sshd", "backend")).contains("auto");
        assertThat(cfg.get("other", "x"))
                .as("default/ reads DEFAULT, not the section")
                .contains("auto");
    }

    @Test
    void knownFallsBackToDefault() {
        final LayeredConfig cfg =
                cfg("[DEFAULT]\n__prefix_line = PFX\n[Definition]\n__prefix_line = %(known/__prefix_line)s(?:x)\n");
        assertThat(cfg.get("Definition", "__prefix_line")).contains("PFX(?:x)");
    }

    @Test
    void varsComeBeforeTheSection() {
        final LayeredConfig cfg = cfg("[Definition]\nmode = normal\nre = %(mode)s\n");
        assertThat(cfg.get("Definition", "re", Map.of("Mode", "aggressive"))).contains("aggressive");
        assertThat(cfg.get("Definition", "mode", Map.of("mode", "extra"))).contains("extra");
    }

    @Test
    void doublePercentIsALiteralPercent() {
        assertThat(cfg("[Definition]\ndatepattern = ^%%Y-%%m-%%d %%H:%%M\n").get("Definition", "datepattern"))
                .contains("^%Y-%m-%d %H:%M");
    }

    @Test
    void missingReferenceNamesFileLineSectionAndKey() {
        assertThatThrownBy(() -> cfg("[sshd]\n\nlogpath = %(sshd_log)s\n").get("sshd", "logpath"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/fail2ban/jail.conf:3: [sshd] logpath: unknown reference %(sshd_log)s: "
                        + "no such option in [sshd] or [DEFAULT]");
    }

    @Test
    void selfReferenceIsAnError() {
        assertThatThrownBy(() -> cfg("[a]\nx = %(y)s\ny = %(x)s\n").get("a", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jail.conf:2: [a] x:")
                .hasMessageContaining("deeper than 10");
    }

    @Test
    void loneOrMalformedPercentIsAnError() {
        assertThatThrownBy(() -> cfg("[a]\nx = 100%\n").get("a", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'%' must be followed");
        assertThatThrownBy(() -> cfg("[a]\nx = %(y\n").get("a", "x")).isInstanceOf(ConfigException.class);
    }
}
