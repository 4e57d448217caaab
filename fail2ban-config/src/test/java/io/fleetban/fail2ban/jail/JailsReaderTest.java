package io.fleetban.fail2ban.jail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigDir;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.value.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JailsReaderTest {
    private static final Map<String, Integer> SERVICES = ServiceNames.builtIn();

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
        dir.write("filter.d/app.conf", """
                [Definition]
                failregex = ^Failed login from <HOST>$
                mdre-normal =
                mdre-aggressive = ^Probe from <HOST>$
                failregex = ^Failed login from <HOST>$
                            <mdre-<mode>>
                mode = normal
                journalmatch = _SYSTEMD_UNIT=app.service
                """.replaceFirst("failregex = \\^Failed login from <HOST>\\$\n", ""));
    }

    private List<JailDefinition> read() {
        return JailsReader.read(tmp, SERVICES);
    }

    private JailDefinition only() {
        return assertThat(read()).singleElement().actual();
    }

    @Test
    void readsTheSeedJailFromExamplesUnchangedWithBuiltInDefaults() {
        final List<JailDefinition> jails = JailsReader.read(Path.of("../examples"));
        assertThat(jails).singleElement().satisfies(j -> {
            assertThat(j.name()).isEqualTo("fail");
            assertThat(j.enabled()).isTrue();
            assertThat(j.filterName()).isEqualTo("fail");
            assertThat(j.logPaths()).containsExactly("/tmp/fail.log");
            assertThat(j.policy()).isEqualTo(new JailPolicy(5, Duration.ofMinutes(10), Duration.ofSeconds(60)));
            assertThat(j.ports()).containsExactly(PortRange.of(8000));
            assertThat(j.protocol()).isEqualTo("tcp");
            assertThat(j.backend()).isEqualTo("auto");
            assertThat(j.ignoreIp()).isEmpty();
            assertThat(j.blocktype()).isEqualTo("REJECT");
            assertThat(j.filterOptions()).containsEntry("logtype", "file");
        });
        final JailDefinition j = jails.get(0);
        final FilterDefinition f =
                FilterReader.read(Path.of("../examples/filter.d"), j.filterName(), j.filterOptions());
        assertThat(f.failRegex()).containsExactly("^.* - IP: <HOST> - User-Agent:.*$");
    }

    @Test
    void builtInDefaultsApplyWhenThereIsNoJailConf() {
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /var/log/app.log\n");
        final JailDefinition j = only();
        assertThat(j.policy()).isEqualTo(new JailPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(10)));
        assertThat(j.ports()).as("0:65535 = all ports = empty").isEmpty();
        assertThat(j.filterName()).as("filter = %(__name__)s[mode=%(mode)s]").isEqualTo("app");
        assertThat(j.filterOptions()).containsEntry("mode", "normal").containsEntry("usedns", "warn");
    }

    @Test
    void filesOverrideInFail2banOrder() {
        dir.write(
                "jail.conf",
                "[DEFAULT]\nmaxretry = 1\nfindtime = 1m\nbantime = 1m\n[app]\nfilter = app\nlogpath = /l\nmaxretry = 2\n");
        dir.write("jail.d/20-b.conf", "[app]\nmaxretry = 4\n");
        dir.write("jail.d/10-a.conf", "[app]\nmaxretry = 3\nfindtime = 2m\n");
        dir.write("jail.local", "[app]\nmaxretry = 5\nenabled = true\n");
        dir.write("jail.d/10-a.local", "[app]\nmaxretry = 6\n");
        assertThat(read().get(0).policy()).isEqualTo(new JailPolicy(6, Duration.ofMinutes(2), Duration.ofMinutes(1)));
        dir.write("jail.d/10-a.local", "[app]\nenabled = false\n");
        assertThat(read()).isEmpty();
    }

    @Test
    void onlyEnabledJailsAreReturnedInSectionOrder() {
        dir.write("jail.conf", """
                [DEFAULT]
                logpath = /var/log/x.log
                [zeta]
                filter = app
                [alpha]
                filter = app
                [off]
                filter = nosuchfilter
                """);
        dir.write("jail.d/on.conf", "[zeta]\nenabled = yes\n[alpha]\nenabled = on\n[off]\nenabled = 0\n");
        assertThat(read()).extracting(JailDefinition::name).containsExactly("zeta", "alpha");
    }

    @Test
    void pathsFilesIncludedByJailConfProvideLogPaths() {
        dir.write(
                "paths-common.conf",
                "[DEFAULT]\nsyslog_authpriv = /var/log/auth.log\napp_log = %(syslog_authpriv)s\n"
                        + "app_backend = %(default_backend)s\ndefault_backend = %(default/backend)s\n");
        dir.write(
                "paths-distro.conf",
                "[INCLUDES]\nbefore = paths-common.conf\nafter = paths-overrides.local\n"
                        + "[DEFAULT]\nsyslog_authpriv = /var/log/secure\n");
        dir.write(
                "jail.conf",
                "[INCLUDES]\nbefore = paths-distro.conf\n[DEFAULT]\nbackend = polling\n"
                        + "[app]\nfilter = app\nlogpath = %(app_log)s\n          /var/log/app/*.log tail\nbackend = %(app_backend)s\n");
        dir.write("jail.d/on.conf", "[app]\nenabled = true\n");
        final JailDefinition j = only();
        assertThat(j.logPaths()).containsExactly("/var/log/secure", "/var/log/app/*.log");
        assertThat(j.backend()).isEqualTo("polling");
    }

    @Test
    void filterParametersWithQuotedCommasReachTheFilter() {
        dir.write(
                "jail.d/app.conf",
                "[app]\nenabled = true\nlogpath = /l\n" + "filter = app[mode=aggressive, extra=\"a, b\"]\n");
        final JailDefinition j = only();
        assertThat(j.filterOptions()).containsEntry("mode", "aggressive").containsEntry("extra", "a, b");
        assertThat(FilterReader.read(tmp.resolve("filter.d"), j.filterName(), j.filterOptions())
                        .failRegex())
                .containsExactly("^Failed login from <HOST>$", "^Probe from <HOST>$");
    }

    @Test
    void jailMayExtendTheFilterThroughKnownAndOverrideFilterOptions() {
        dir.write("jail.d/app.conf", """
                [app]
                enabled = true
                logpath = /l
                failregex = %(known/failregex)s
                            ^Extra <HOST>$
                maxlines = 3
                datepattern = ^%%Y-%%m-%%d
                logtimezone = UTC+02
                """);
        final JailDefinition j = only();
        assertThat(j.filterOptions())
                .containsEntry("maxlines", "3")
                .containsEntry("datepattern", "^%Y-%m-%d")
                .containsEntry("logtimezone", "UTC+02");
        final FilterDefinition f = FilterReader.read(tmp.resolve("filter.d"), j.filterName(), j.filterOptions());
        assertThat(f.failRegex()).containsExactly("^Failed login from <HOST>$", "^Extra <HOST>$");
        assertThat(f.maxLines()).isEqualTo(3);
        assertThat(f.datePattern()).contains("^%Y-%m-%d");
    }

    @Test
    void systemdBackendUsesTheJournalAndIgnoresLogpath() {
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nbackend = systemd\nlogpath = /ignored\n");
        final JailDefinition j = only();
        assertThat(j.usesJournal()).isTrue();
        assertThat(j.logPaths()).isEmpty();
        assertThat(j.filterOptions()).containsEntry("logtype", "journal");
        assertThat(FilterReader.read(tmp.resolve("filter.d"), j.filterName(), j.filterOptions())
                        .journalMatch())
                .contains("_SYSTEMD_UNIT=app.service");
    }

    @Test
    void ignoreIpTakesAddressesAndNetworksSeparatedByBlanksOrCommas() {
        dir.write(
                "jail.d/app.conf",
                "[app]\nenabled = true\nlogpath = /l\n"
                        + "ignoreip = 127.0.0.1/8 ::1, 10.0.0.0/255.0.0.0,198.51.100.7\n           2001:db8::/32\n");
        assertThat(only().ignoreIp())
                .extracting(IpRange::canonical)
                .containsExactly("127.0.0.0/8", "::1/128", "10.0.0.0/8", "198.51.100.7/32", "2001:db8::/32");
    }

    @Test
    void hostnameInIgnoreIpIsAClearErrorAtItsLine() {
        final Path f = dir.write(
                "jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nignoreip = 127.0.0.1 gw.example.org\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: [app] ignoreip: 'gw.example.org' is a hostname");
    }

    @Test
    void portsProtocolAndServiceNames() {
        dir.write(
                "jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nport = ssh,http,8000:8100\nprotocol = udp\n");
        final JailDefinition j = only();
        assertThat(j.ports()).containsExactly(PortRange.of(22), PortRange.of(80), new PortRange(8000, 8100));
        assertThat(j.protocol()).isEqualTo("udp");
    }

    @Test
    void blocktypeComesFromTheBanActionsInitThroughItsIncludes() {
        dir.write("action.d/fw-base.conf", """
                [Init]
                blocktype = REJECT --reject-with icmp-port-unreachable
                [Init?family=inet6]
                blocktype = REJECT --reject-with icmp6-port-unreachable
                """);
        dir.write(
                "action.d/fw-multiport.conf",
                "[INCLUDES]\nbefore = fw-base.conf\n[Definition]\nactionban = never run\n");
        dir.write(
                "jail.d/app.conf",
                "[app]\nenabled = true\nlogpath = /l\nbanaction = fw-multiport\n"
                        + "[drop]\nenabled = true\nfilter = app\nlogpath = /l\naction = fw-multiport[blocktype=DROP]\n"
                        + "[local]\nenabled = true\nfilter = app\nlogpath = /l\naction = mail-only\n");
        assertThat(read())
                .extracting(JailDefinition::blocktype)
                .containsExactly("REJECT --reject-with icmp-port-unreachable", "DROP", "REJECT");
    }

    @Test
    void blocktypeOverriddenInActionLocalFile() {
        dir.write("action.d/fw.conf", "[Init]\nblocktype = REJECT\n");
        dir.write("action.d/fw.local", "[Init]\nblocktype = DROP\n");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nbanaction = fw\n");
        assertThat(only().blocktype()).isEqualTo("DROP");
    }

    @Test
    void permanentBanTime() {
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nbantime = -1\nfindtime = 1h 30m\n");
        final JailPolicy p = only().policy();
        assertThat(p.isPermanent()).isTrue();
        assertThat(p.findTime()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void badValuesNameFileLineSectionAndKey() {
        final Path f = dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nbantime = 10x\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: [app] bantime: unknown time unit 'x'");
        dir.write("jail.d/app.conf", "[app]\nenabled = maybe\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":2: [app] enabled: expected true/false (yes/no, on/off, 1/0), found 'maybe'");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\n\nmaxretry = five\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":5: [app] maxretry:");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nport = gopherx\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: [app] port:");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nmaxretry = 0\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("maxretry must be at least 1");
    }

    @Test
    void enabledJailNeedsALogpathAndAReadableFilter() {
        final Path f = dir.write("jail.d/app.conf", "\n[app]\nenabled = true\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":2: [app] logpath: an enabled jail");
        dir.write("jail.conf", "[DEFAULT]\nbackend = auto\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":2: [app] filter: an enabled jail needs a filter");
        dir.write("jail.conf", "");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nfilter = nosuch\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: [app] filter: cannot read filter 'nosuch'");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nfilter = \n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: [app] filter: an enabled jail needs a filter");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\nfilter = app[mode]\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: [app] filter:");
    }

    @Test
    void unknownReferenceInAnActionShortcutNamesTheDefiningLine() {
        dir.write(
                "jail.conf",
                "[DEFAULT]\nfilter = app\nbanaction = x\naction_ = %(banaction)s[port=\"%(port)s\"]\naction = %(action_)s\n");
        dir.write("jail.d/app.conf", "[app]\nenabled = true\nlogpath = /l\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jail.conf:5: [app] action: unknown reference %(port)s");
    }

    @Test
    void jailNamesWithASlashAreRefusedBecauseBanKeysAreJailSlashIp() {
        final Path f = dir.write("jail.d/app.conf", "[app/x]\nenabled = true\nfilter = app\nlogpath = /l\n[off/x]\n");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":1: [app/x] jail name must not contain '/' or blanks");
    }

    @Test
    void missingConfigurationIsAnError() {
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class).hasMessageContaining("jail.conf");
    }
}
