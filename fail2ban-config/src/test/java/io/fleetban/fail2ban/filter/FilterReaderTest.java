package io.fleetban.fail2ban.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigDir;
import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterReaderTest {
    /** A shared include in the shape of fail2ban's common.conf (fleetban's own text). */
    private static final String COMMON = """
            [INCLUDES]
            after = common.local

            [DEFAULT]
            logtype = file
            _daemon = \\S*
            __pid = (?:\\[\\d+\\])
            __prefix_line = <lt_<logtype>/__prefix_line>
            datepattern = <lt_<logtype>/datepattern>

            [lt_file]
            __prefix_line = \\S+ <_daemon><__pid>?:\\s+
            datepattern = {^LN-BEG}

            [lt_journal]
            __prefix_line = \\s*
            datepattern = %(lt_file/datepattern)s
            """;

    /** A filter with modes, in the shape of fail2ban's sshd.conf. */
    private static final String MODAL = """
            [INCLUDES]
            before = common.conf

            [DEFAULT]
            _daemon = myd

            [Definition]
            prefregex = ^<F-MLFID>%(__prefix_line)s</F-MLFID><F-CONTENT>.+</F-CONTENT>$
            cmnfailre = ^Bad password for <F-USER>\\S+</F-USER> from <HOST>$
            mdre-normal =
            mdre-ddos = ^Flood from <HOST>$
            mdre-extra = ^Odd request from <HOST>$
            mdre-aggressive = %(mdre-ddos)s
                              %(mdre-extra)s
            failregex = %(cmnfailre)s
                        <mdre-<mode>>
            mode = normal
            ignoreregex = ^Trusted <HOST>$  ; inline comment
            maxlines = 2
            journalmatch = _SYSTEMD_UNIT=myd.service + _COMM=myd
            """;

    @TempDir
    Path tmp;

    private ConfigDir dir;
    private Path filterDir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
        filterDir = tmp.resolve("filter.d");
        dir.write("filter.d/common.conf", COMMON);
        dir.write("filter.d/modal.conf", MODAL);
    }

    @Test
    void readsTheSeedFilterFromExamplesUnchanged() {
        final FilterDefinition f = FilterReader.read(Path.of("../examples/filter.d"), "fail", Map.of());
        assertThat(f.name()).isEqualTo("fail");
        assertThat(f.file()).isEqualTo(Path.of("../examples/filter.d/fail.conf"));
        assertThat(f.failRegex()).containsExactly("^.* - IP: <HOST> - User-Agent:.*$");
        assertThat(f.ignoreRegex()).isEmpty();
        assertThat(f.prefRegex()).isEmpty();
        assertThat(f.datePattern()).isEmpty();
        assertThat(f.journalMatch()).isEmpty();
        assertThat(f.maxLines()).isEqualTo(1);
    }

    @Test
    void defaultModeResolvesIncludesInterpolationAndNestedTags() {
        final FilterDefinition f = FilterReader.read(filterDir, "modal", Map.of());
        assertThat(f.failRegex()).containsExactly("^Bad password for <F-USER>\\S+</F-USER> from <HOST>$");
        assertThat(f.prefRegex())
                .contains("^<F-MLFID>\\S+ myd(?:\\[\\d+\\])?:\\s+</F-MLFID><F-CONTENT>.+</F-CONTENT>$");
        assertThat(f.datePattern()).contains("{^LN-BEG}");
        assertThat(f.ignoreRegex()).containsExactly("^Trusted <HOST>$");
        assertThat(f.maxLines()).isEqualTo(2);
        assertThat(f.journalMatch()).contains("_SYSTEMD_UNIT=myd.service + _COMM=myd");
        assertThat(f.options()).containsEntry("logtype", "file");
    }

    @Test
    void modeParameterSelectsTheNestedTagVariant() {
        final FilterDefinition f = FilterReader.read(filterDir, "modal", Map.of("mode", "aggressive"));
        assertThat(f.failRegex())
                .containsExactly(
                        "^Bad password for <F-USER>\\S+</F-USER> from <HOST>$",
                        "^Flood from <HOST>$",
                        "^Odd request from <HOST>$");
        assertThat(f.options()).containsEntry("mode", "aggressive");
    }

    @Test
    void logtypeJournalSelectsTheJournalVariantsOfCommon() {
        final FilterDefinition f = FilterReader.read(filterDir, "modal", Map.of("logtype", "journal"));
        assertThat(f.prefRegex()).contains("^<F-MLFID>\\s*</F-MLFID><F-CONTENT>.+</F-CONTENT>$");
        assertThat(f.datePattern()).contains("{^LN-BEG}");
    }

    @Test
    void localFilesAndDotDOverrideTheConfInFail2banOrder() {
        dir.write("filter.d/modal.d/10-extra.conf", "[Definition]\nignoreregex = ^from-d-conf$\nmaxlines = 3\n");
        dir.write("filter.d/modal.local", "[Definition]\nignoreregex = ^from-local$\n");
        dir.write("filter.d/common.local", "[DEFAULT]\n_daemon = overridden\n");
        final FilterDefinition f = FilterReader.read(filterDir, "modal", Map.of());
        assertThat(f.ignoreRegex()).containsExactly("^from-local$");
        assertThat(f.maxLines()).isEqualTo(3);
        assertThat(f.prefRegex()).get().asString().contains("myd").doesNotContain("overridden");
    }

    @Test
    void localMayExtendTheConfValueThroughKnown() {
        dir.write(
                "filter.d/modal.local",
                "[Definition]\nignoreregex = %(known/ignoreregex)s\n              ^also <HOST>$\n");
        assertThat(FilterReader.read(filterDir, "modal", Map.of()).ignoreRegex())
                .containsExactly("^Trusted <HOST>$", "^also <HOST>$");
    }

    @Test
    void initOptionsAreDefaultsTheCallerMayOverride() {
        dir.write("filter.d/knock.conf", """
                [Definition]
                failregex = ^<HOST> -.*"GET <knocking_url> HTTP
                            ^default was <known/knocking_url>$
                [Init]
                knocking_url = /knocking/
                """);
        final FilterDefinition dflt = FilterReader.read(filterDir, "knock", Map.of());
        assertThat(dflt.failRegex()).containsExactly("^<HOST> -.*\"GET /knocking/ HTTP", "^default was /knocking/$");
        assertThat(dflt.options()).containsEntry("knocking_url", "/knocking/").doesNotContainKey("known/knocking_url");
        final FilterDefinition custom = FilterReader.read(filterDir, "knock", Map.of("knocking_url", "/secret/"));
        assertThat(custom.failRegex()).containsExactly("^<HOST> -.*\"GET /secret/ HTTP", "^default was /knocking/$");
    }

    @Test
    void callerOptionsReplaceFilterOptions() {
        final FilterDefinition f = FilterReader.read(
                filterDir,
                "modal",
                Map.of("failregex", "^only <HOST>$", "maxlines", "5", "datepattern", "^%%Y-%%m-%%d", "usedns", "no"));
        assertThat(f.failRegex()).containsExactly("^only <HOST>$");
        assertThat(f.maxLines()).isEqualTo(5);
        assertThat(f.datePattern()).contains("^%%Y-%%m-%%d");
        assertThat(f.options()).containsEntry("usedns", "no").doesNotContainKeys("failregex", "maxlines");
    }

    @Test
    void percentEscapesInTheFileAreUnescaped() {
        dir.write(
                "filter.d/dated.conf",
                "[Definition]\nfailregex = ^x <HOST>$\ndatepattern = ^%%Y-%%m-%%d %%H:%%M:%%S\n");
        assertThat(FilterReader.read(filterDir, "dated", Map.of()).datePattern())
                .contains("^%Y-%m-%d %H:%M:%S");
    }

    @Test
    void blankOptionalValuesAreAbsent() {
        dir.write(
                "filter.d/blank.conf",
                "[Definition]\nfailregex =\nprefregex =\ndatepattern =\njournalmatch =\nmaxlines =\n");
        final FilterDefinition f = FilterReader.read(filterDir, "blank", Map.of());
        assertThat(f.failRegex()).isEmpty();
        assertThat(f.prefRegex()).isEmpty();
        assertThat(f.datePattern()).isEmpty();
        assertThat(f.journalMatch()).isEmpty();
        assertThat(f.maxLines()).isEqualTo(1);
    }

    @Test
    void badMaxlinesNamesFileLineSectionAndKey() {
        final Path file = dir.write("filter.d/bad.conf", "[Definition]\nfailregex = ^<HOST>$\nmaxlines = many\n");
        assertThatThrownBy(() -> FilterReader.read(filterDir, "bad", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: [Definition] maxlines: expected a whole number >= 1, found 'many'");
    }

    @Test
    void unknownReferenceNamesTheLine() {
        final Path file = dir.write("filter.d/typo.conf", "[Definition]\n\nfailregex = ^%(__prefix_lin)s<HOST>$\n");
        assertThatThrownBy(() -> FilterReader.read(filterDir, "typo", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: [Definition] failregex: unknown reference %(__prefix_lin)s");
    }

    @Test
    void readFileTakesAFilterByPathWithIncludesNextToItAndItsLocal() {
        dir.write("filter.d/modal.local", "[Definition]\nignoreregex = ^from-local$\n");
        dir.write("filter.d/modal.d/x.conf", "[Definition]\nmaxlines = 9\n");
        final FilterDefinition f = FilterReader.readFile(filterDir.resolve("modal.conf"), Map.of("mode", "ddos"));
        assertThat(f.name()).isEqualTo("modal");
        assertThat(f.failRegex())
                .containsExactly("^Bad password for <F-USER>\\S+</F-USER> from <HOST>$", "^Flood from <HOST>$");
        assertThat(f.ignoreRegex()).containsExactly("^from-local$");
        assertThat(f.maxLines())
                .as("no .d directory for an explicit file, as fail2ban-regex")
                .isEqualTo(2);
        assertThatThrownBy(() -> FilterReader.readFile(filterDir.resolve("nosuch.conf"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nosuch.conf: no such file");
    }

    @Test
    void missingFilterAndBadNamesAreErrors() {
        assertThatThrownBy(() -> FilterReader.read(filterDir, "nosuch", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nosuch.conf");
        assertThatThrownBy(() -> FilterReader.read(filterDir, "../etc/passwd", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a filter name");
        assertThatThrownBy(() -> FilterReader.read(tmp.resolve("nodir"), "modal", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }
}
