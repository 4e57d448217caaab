package io.fleetban.fail2ban.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IniFileTest {
    private static final Path FILE = Path.of("/etc/fail2ban/x.conf");

    private static IniFile parse(String text) {
        return IniFile.parse(FILE, List.of(text.split("\n", -1)));
    }

    @Test
    void sectionsAndOptionsKeepFileOrder() {
        final IniFile ini = parse("""
                [kafka]
                bootstrap.servers = localhost:9092
                topic.prefix = fleetban.
                [shipper]
                host.id = web-1
                """);
        assertThat(ini.sectionNames()).containsExactly("kafka", "shipper");
        assertThat(ini.sections().get("kafka"))
                .containsExactly(entry("bootstrap.servers", "localhost:9092"), entry("topic.prefix", "fleetban."));
        assertThat(ini.lineOf("shipper", "host.id")).isEqualTo(5);
    }

    @Test
    void colonAlsoSeparatesAndFirstSeparatorWins() {
        final IniFile ini = parse("""
                [Definition]
                before: common.conf
                failregex = ^Login failed: user=<F-USER>\\S+</F-USER> from <HOST>$
                """);
        assertThat(ini.section("Definition").orElseThrow())
                .containsEntry("before", "common.conf")
                .containsEntry("failregex", "^Login failed: user=<F-USER>\\S+</F-USER> from <HOST>$");
    }

    @Test
    void keysAreLowerCasedLikePythonOptionxformButSectionsKeepCase() {
        final IniFile ini = parse("""
                [Definition]
                FailRegex = x
                """);
        assertThat(ini.section("Definition").orElseThrow()).containsOnlyKeys("failregex");
        assertThat(ini.section("definition")).isEmpty();
    }

    @Test
    void commentLinesAndInlineSemicolonCommentsAreDropped() {
        final IniFile ini = parse("""
                # full line
                ; also full line
                [fleet]
                config.dir = /etc/fail2ban          ; trailing comment
                regex = ^a;b #not a comment$
                   # indented comment
                empty =    ; only a comment
                """);
        assertThat(ini.section("fleet").orElseThrow())
                .containsExactly(
                        entry("config.dir", "/etc/fail2ban"),
                        entry("regex", "^a;b #not a comment$"),
                        entry("empty", ""));
    }

    @Test
    void indentedLinesContinueAValueWithBlankAndCommentLinesInside() {
        final IniFile ini = parse("""
                [Definition]
                failregex = ^one <HOST>$
                            ^two <HOST>$
                # a comment between does not end the value
                            ^three <HOST>$

                            ^four <HOST>$

                ignoreregex =
                """);
        assertThat(ini.section("Definition").orElseThrow())
                .containsEntry("failregex", "^one <HOST>$\n^two <HOST>$\n^three <HOST>$\n\n^four <HOST>$")
                .containsEntry("ignoreregex", "");
        assertThat(ini.lineOf("Definition", "ignoreregex")).isEqualTo(9);
    }

    @Test
    void continuationLinesMayStartWithABracket() {
        final IniFile ini = parse("""
                [Definition]
                failregex = ^x
                   [aA]uthentication failure from <HOST>
                """);
        assertThat(ini.sectionNames()).containsExactly("Definition");
        assertThat(ini.section("Definition").orElseThrow().get("failregex"))
                .isEqualTo("^x\n[aA]uthentication failure from <HOST>");
    }

    @Test
    void crLfLineEndingsAreAccepted() {
        final IniFile ini = parse("[a]\r\nk = v\r\n");
        assertThat(ini.section("a").orElseThrow()).containsExactly(entry("k", "v"));
    }

    @Test
    void duplicateKeyInOneSectionIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> parse("[sshd]\nport = ssh\nport = 22\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/fail2ban/x.conf:3: [sshd] port: option appears twice in this section of the file");
    }

    @Test
    void duplicateSectionIsAnErrorButDefaultMayReopen() {
        assertThatThrownBy(() -> parse("[a]\nx=1\n[a]\ny=2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.conf:3")
                .hasMessageContaining("twice");
        assertThat(parse("[DEFAULT]\nx=1\n[a]\n[DEFAULT]\ny=2\n")
                        .section("DEFAULT")
                        .orElseThrow())
                .containsOnlyKeys("x", "y");
    }

    @Test
    void optionBeforeAnySectionIsAnError() {
        assertThatThrownBy(() -> parse("x = 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.conf:1")
                .hasMessageContaining("outside");
    }

    @Test
    void lineWithoutSeparatorIsAnError() {
        assertThatThrownBy(() -> parse("[a]\njust words\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/fail2ban/x.conf:2: [a] expected 'key = value', found: just words");
    }

    @Test
    void readReportsAMissingFile() {
        assertThatThrownBy(() -> IniFile.read(Path.of("/nonexistent/fleetban.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/nonexistent/fleetban.conf: cannot read");
    }

    @Test
    void valuesCarryTheirOrigin() {
        final IniValue v = parse("[a]\n\nk = v\n").value("a", "K").orElseThrow();
        assertThat(v).isEqualTo(new IniValue("v", FILE, 3));
        assertThat(parse("[a]\n").values("a").orElseThrow()).isEqualTo(Map.of());
    }
}
