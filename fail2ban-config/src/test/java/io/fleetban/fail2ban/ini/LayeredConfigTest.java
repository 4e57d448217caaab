package io.fleetban.fail2ban.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigDir;
import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {
    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
    }

    @Test
    void includesBeforeAndAfterAreReadAroundTheFileRelativeToItsDirectory() {
        dir.write("filter.d/common.conf", "[DEFAULT]\nwho = common\norder = common\n");
        dir.write("filter.d/late.conf", "[Definition]\norder = late\n");
        final Path main = dir.write("filter.d/x.conf", """
                [INCLUDES]
                before = common.conf
                after = late.conf
                [DEFAULT]
                order = main
                [Definition]
                order = main
                """);
        final LayeredConfig cfg = LayeredConfig.read(List.of(main));
        assertThat(cfg.files())
                .containsExactly(tmp.resolve("filter.d/common.conf"), main, tmp.resolve("filter.d/late.conf"));
        assertThat(cfg.get("Definition", "who")).contains("common");
        assertThat(cfg.get("DEFAULT", "order")).contains("main");
        assertThat(cfg.get("Definition", "order")).contains("late");
    }

    @Test
    void multiLineIncludeListsAndNestedIncludesKeepTreeOrder() {
        dir.write("a.conf", "[INCLUDES]\nbefore = sub/b.conf\n[s]\nv = a\n");
        dir.write("sub/b.conf", "[INCLUDES]\nbefore = c.conf\n[s]\nv = b\n");
        dir.write("sub/c.conf", "[s]\nv = c\n");
        dir.write("d.conf", "[s]\nv = d\n");
        final Path main = dir.write("main.conf", "[INCLUDES]\nbefore = a.conf\n         d.conf\n[s]\nw = main\n");
        final LayeredConfig cfg = LayeredConfig.read(List.of(main));
        assertThat(cfg.files())
                .extracting(p -> tmp.relativize(p).toString())
                .containsExactly("sub/c.conf", "sub/b.conf", "a.conf", "d.conf", "main.conf");
        assertThat(cfg.get("s", "v")).contains("d");
    }

    @Test
    void localSiblingOfAnIncludedFileOverridesIt() {
        dir.write("common.conf", "[DEFAULT]\n_daemon = \\S*\n");
        dir.write("common.local", "[DEFAULT]\n_daemon = mydaemon\n");
        final Path main = dir.write("x.conf", "[INCLUDES]\nbefore = common.conf\n[Definition]\nd = <_daemon>\n");
        final LayeredConfig cfg = LayeredConfig.read(List.of(main));
        assertThat(cfg.files()).containsExactly(tmp.resolve("common.conf"), tmp.resolve("common.local"), main);
        assertThat(cfg.get("Definition", "_daemon")).contains("mydaemon");
    }

    @Test
    void missingLocalIncludesAreSkippedAndLoopsStop() {
        final Path a = dir.write("a.conf", "[INCLUDES]\nbefore = b.conf\nafter = overrides.local\n[s]\nv = a\n");
        dir.write("b.conf", "[INCLUDES]\nbefore = a.conf\n[s]\nv = b\nonly_b = yes\n");
        final LayeredConfig cfg = LayeredConfig.read(List.of(a));
        assertThat(cfg.files()).containsExactly(tmp.resolve("b.conf"), a);
        assertThat(cfg.get("s", "v")).contains("a");
        assertThat(cfg.get("s", "only_b")).contains("yes");
    }

    @Test
    void aMissingConfIncludeIsAnErrorAtItsLine() {
        final Path main = dir.write("jail.conf", "[INCLUDES]\n\nbefore = paths-debain.conf\n[DEFAULT]\n");
        assertThatThrownBy(() -> LayeredConfig.read(List.of(main)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        main + ":3: [INCLUDES] before: included file not found: " + tmp.resolve("paths-debain.conf"));
    }

    @Test
    void familyOrderIsConfThenDotDConfThenLocalThenDotDLocal() {
        dir.write("jail.conf", "[j]\nv = conf\nc = conf\n");
        dir.write("jail.d/b.conf", "[j]\nv = d-b-conf\n");
        dir.write("jail.d/a.conf", "[j]\nv = d-a-conf\n");
        dir.write("jail.local", "[j]\nv = local\n");
        dir.write("jail.d/a.local", "[j]\nv = d-a-local\n");
        dir.write("jail.d/ignored.txt", "[j]\nv = not read\n");
        final LayeredConfig cfg = LayeredConfig.readFamily(tmp, "jail", Optional.empty());
        assertThat(cfg.files())
                .extracting(p -> tmp.relativize(p).toString())
                .containsExactly("jail.conf", "jail.d/a.conf", "jail.d/b.conf", "jail.local", "jail.d/a.local");
        assertThat(cfg.get("j", "v")).contains("d-a-local");
        assertThat(cfg.get("j", "c")).contains("conf");
    }

    @Test
    void builtInBaseStandsInForAMissingConfOnly() {
        final IniFile builtIn = IniFile.parse(Path.of("<built-in>"), List.of("[DEFAULT]", "maxretry = 5"));
        dir.write("jail.d/x.conf", "[x]\nenabled = true\n");
        assertThat(LayeredConfig.readFamily(tmp, "jail", Optional.of(builtIn)).get("x", "maxretry"))
                .contains("5");
        dir.write("jail.conf", "[DEFAULT]\nmaxretry = 3\n");
        final LayeredConfig withConf = LayeredConfig.readFamily(tmp, "jail", Optional.of(builtIn));
        assertThat(withConf.get("x", "maxretry")).contains("3");
        assertThat(withConf.files()).doesNotContain(Path.of("<built-in>"));
    }

    @Test
    void aFamilyWithNoFileIsAnError() {
        assertThatThrownBy(() -> LayeredConfig.readFamily(tmp, "nosuch", Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nosuch.conf")
                .hasMessageContaining("no config file");
    }

    @Test
    void defaultOptionsAreVisibleInEverySectionAndSectionsOverrideThem() {
        final LayeredConfig cfg = LayeredConfig.read(List.of(
                dir.write("j.conf", "[DEFAULT]\nbantime = 10m\nmaxretry = 5\n[sshd]\nmaxretry = 3\n[INCLUDES]\n")));
        assertThat(cfg.get("sshd", "bantime")).contains("10m");
        assertThat(cfg.get("sshd", "maxretry")).contains("3");
        assertThat(cfg.get("nosuchsection", "bantime")).isEmpty();
        assertThat(cfg.sections()).containsExactly("sshd", "INCLUDES");
        assertThat(cfg.options("sshd", false)).containsExactly("maxretry");
        assertThat(cfg.options("sshd", true)).containsExactlyInAnyOrder("maxretry", "bantime");
    }

    @Test
    void overriddenValuesStayReachableAsKnown() {
        final Path a = dir.write("jail.conf", "[sshd]\nport = ssh\n");
        final Path b = dir.write("jail.local", "[sshd]\nport = %(known/port)s,2222\n");
        final LayeredConfig cfg = LayeredConfig.read(List.of(a, b));
        assertThat(cfg.get("sshd", "port")).contains("ssh,2222");
        assertThat(cfg.sections()).containsExactly("sshd");
    }

    @Test
    void conditionalSectionsFoldIntoTheBaseSection() {
        final LayeredConfig cfg = LayeredConfig.read(List.of(dir.write("iptables.conf", """
                [Init]
                blocktype = REJECT --reject-with icmp-port-unreachable
                [Init?family=inet6]
                blocktype = REJECT --reject-with icmp6-port-unreachable
                """)));
        assertThat(cfg.sections()).containsExactly("Init");
        assertThat(cfg.get("Init", "blocktype")).contains("REJECT --reject-with icmp-port-unreachable");
        assertThat(cfg.get("Init", "blocktype?family=inet6")).contains("REJECT --reject-with icmp6-port-unreachable");
    }

    @Test
    void withDefaultsAndWithSectionOptionsReturnCopies() {
        final LayeredConfig cfg =
                LayeredConfig.read(List.of(dir.write("j.conf", "[j]\nx = %(known/failregex)s more\n")));
        final LayeredConfig merged = cfg.withSectionOptions("j", Map.of("failregex", "^f$"), "known/")
                .withDefaults(Map.of("fail2ban_confpath", "/etc/fail2ban"));
        assertThat(merged.get("j", "x")).contains("^f$ more");
        assertThat(merged.get("j", "fail2ban_confpath")).contains("/etc/fail2ban");
        assertThat(cfg.get("j", "fail2ban_confpath")).isEmpty();
    }

    @Test
    void getExReadsSectionSlashOption() {
        final LayeredConfig cfg = LayeredConfig.read(List.of(dir.write("common.conf", """
                [DEFAULT]
                logtype = file
                [Definition]
                x = 1
                [lt_file]
                datepattern = {^LN-BEG}
                """)));
        assertThat(cfg.getEx("Definition", "lt_file/datepattern", Map.of())).contains("{^LN-BEG}");
        assertThat(cfg.getEx("Definition", "default/logtype", Map.of())).contains("file");
        assertThat(cfg.getEx("Definition", "known/x", Map.of())).contains("1");
        assertThat(cfg.getEx("Definition", "HOST", Map.of())).isEmpty();
    }
}
