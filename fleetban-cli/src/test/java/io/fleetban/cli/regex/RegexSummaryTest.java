package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fail2ban-regex-style summary of {@code fleetban regex LOG FILTER}. */
class RegexSummaryTest {

    static final String TWO_REGEX_FILTER = """
            [Definition]
            failregex = ^ - IP: <HOST> - User-Agent: curl
                        ^ - IP: <HOST> - User-Agent: wget
            ignoreregex = User-Agent: wget/ignored
            """;
    static final String LOG = """
            2025-10-08 14:23:15 - IP: 198.51.100.1 - User-Agent: curl/7
            2025-10-08 14:23:16 - IP: 198.51.100.2 - User-Agent: wget/1
            2025-10-08 14:23:17 - IP: 198.51.100.3 - User-Agent: wget/1
            2025-10-08 14:23:18 - IP: 198.51.100.4 - User-Agent: wget/ignored
            2025-10-08 14:23:19 - IP: 198.51.100.5 - User-Agent: lynx
            Oct  8 14:23:20 - IP: 198.51.100.6 - User-Agent: curl/7
            """;

    @TempDir
    Path dir;

    @Test
    void countsLinesPerOutcomeAndHitsPerRegexAndDateFormat() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/two.conf", TWO_REGEX_FILTER);
        Path log = RegexCli.write(dir, "app.log", LOG);

        RegexCli run =
                RegexCli.run("--timezone", "UTC", "--now", "2025-10-09T00:00:00Z", log.toString(), filter.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Lines: 6 lines, 1 ignored, 4 matched, 1 missed")
                .contains("Failregex: 5 total")
                .contains("|   1) [2] ^ - IP: <HOST> - User-Agent: curl")
                .contains("|   2) [3] ^ - IP: <HOST> - User-Agent: wget")
                .contains("Ignoreregex: 1 total")
                .contains("|   1) [1] User-Agent: wget/ignored")
                .contains("|  [5] {^LN-BEG}%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S")
                .contains("|  [1] {^LN-BEG}(?:%a )?%b %d %k:%M:%S")
                .contains("Missed line(s):\n|- 2025-10-08 14:23:19 - IP: 198.51.100.5 - User-Agent: lynx");
    }

    @Test
    void printAllOptionsListTheLinesOfEachOutcome() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/two.conf", TWO_REGEX_FILTER);
        Path log = RegexCli.write(dir, "app.log", LOG);

        RegexCli quiet = RegexCli.run("--timezone", "UTC", log.toString(), filter.toString());
        RegexCli all = RegexCli.run(
                "--timezone",
                "UTC",
                "--now",
                "2025-10-09T00:00:00Z",
                "--print-all-matched",
                "--print-all-ignored",
                log.toString(),
                filter.toString());

        assertThat(quiet.out()).doesNotContain("Matched line(s)").doesNotContain("Ignored line(s)");
        assertThat(all.out())
                .contains("Matched line(s):\n|- 2025-10-08 14:23:15 - IP: 198.51.100.1 - User-Agent: curl/7  # host"
                        + " 198.51.100.1\n")
                .contains("Ignored line(s):\n|- 2025-10-08 14:23:18 - IP: 198.51.100.4 - User-Agent: wget/ignored\n");
    }

    @Test
    void aSingleLineAndABareRegexWorkLikeFail2banRegex() {
        RegexCli run = RegexCli.run(
                "--timezone", "UTC", "2025-10-08 14:23:15 - IP: 198.51.100.1 - User-Agent: curl", "^ - IP: <HOST> - ");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Use         log file : command line")
                .contains("Use   failregex line : ^ - IP: <HOST> - ")
                .contains("Lines: 1 lines, 0 ignored, 1 matched, 0 missed");
    }

    @Test
    void aRegexThatDoesNotCompileExitsTwo() {
        RegexCli run = RegexCli.run("2025-10-08 14:23:15 x", "^(unclosed <HOST>");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("fleetban regex: ").contains("^(unclosed <HOST>");
    }

    @Test
    void aNoFailMatchCountsAsIgnoredAsInFail2banRegex() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/nofail.conf", """
                [Definition]
                failregex = ^ - IP: <HOST> - User-Agent: curl
                            ^ - IP: <HOST> - User-Agent: <F-NOFAIL>healthcheck</F-NOFAIL>
                """);
        Path log = RegexCli.write(dir, "app.log", """
                2025-10-08 14:23:15 - IP: 198.51.100.1 - User-Agent: curl/7
                2025-10-08 14:23:16 - IP: 198.51.100.2 - User-Agent: healthcheck
                """);

        RegexCli summary = RegexCli.run("--timezone", "UTC", log.toString(), filter.toString());
        RegexCli json = RegexCli.run("--json", "--timezone", "UTC", log.toString(), filter.toString());

        assertThat(summary.out())
                .contains("Lines: 2 lines, 1 ignored, 1 matched, 0 missed")
                .contains("|   2) [1] ^ - IP: <HOST> - User-Agent: <F-NOFAIL>healthcheck</F-NOFAIL>");
        assertThat(json.jsonLines()).extracting(m -> m.get("match")).containsExactly(true, false);
    }

    @Test
    void aFilterNameIsResolvedInTheConfigDir() throws IOException {
        RegexCli.write(dir, "etc/filter.d/two.conf", TWO_REGEX_FILTER);
        Path log = RegexCli.write(dir, "app.log", LOG);

        RegexCli run = RegexCli.run(
                "--timezone", "UTC", "--config-dir", dir.resolve("etc").toString(), log.toString(), "two");
        RegexCli json = RegexCli.run(
                "--json",
                "--timezone",
                "UTC",
                "--config-dir",
                dir.resolve("etc").toString(),
                log.toString(),
                "two");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Use   failregex filter file : two, file: " + dir.resolve("etc/filter.d/two.conf"))
                .contains("Lines: 6 lines, 1 ignored, 4 matched, 1 missed");
        assertThat(json.exitCode()).isZero();
        assertThat(json.jsonLines()).hasSize(6);
    }

    @Test
    void perRegexHitsAreExactForMultiLineFilters() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/multi.conf", """
                [Definition]
                failregex = ^ - IP: <HOST> - User-Agent: curl
                            ^ login from <HOST>\\n.* login failed$
                maxlines = 2
                """);
        Path log = RegexCli.write(dir, "app.log", """
                2025-10-08 14:23:15 login from 198.51.100.1
                2025-10-08 14:23:16 login failed
                2025-10-08 14:23:17 - IP: 198.51.100.2 - User-Agent: curl/7
                2025-10-08 14:23:18 login failed
                """);

        RegexCli run = RegexCli.run("--timezone", "UTC", log.toString(), filter.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Lines: 4 lines, 0 ignored, 2 matched, 2 missed")
                .contains("|   1) [1] ^ - IP: <HOST> - User-Agent: curl")
                .contains("|   2) [1] ^ login from <HOST>");
    }

    @Test
    void aCapturedHostNameCountsAsMatchedAndTheSummarySaysItIsNotBanned() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/two.conf", TWO_REGEX_FILTER);
        Path log = RegexCli.write(dir, "app.log", """
                2025-10-08 14:23:15 - IP: 198.51.100.1 - User-Agent: curl/7
                2025-10-08 14:23:16 - IP: www.example.com - User-Agent: curl/7
                """);

        RegexCli run = RegexCli.run("--timezone", "UTC", "--print-all-matched", log.toString(), filter.toString());

        assertThat(run.out())
                .contains("Lines: 2 lines, 0 ignored, 2 matched, 0 missed")
                .contains("Not banned: 1 of the 2 matched lines captured a host that is no IP address (first:"
                        + " www.example.com).")
                .contains("fleetban does not resolve DNS")
                .contains("|  2025-10-08 14:23:16 - IP: www.example.com - User-Agent: curl/7  # host www.example.com"
                        + " (not banned: a host name, and fleetban does not resolve DNS)\n");
    }

    @Test
    void printsEveryMatchedLineInOrderWhenAskedHoweverMany() throws IOException {
        Path filter = RegexCli.write(dir, "fail.conf", "[Definition]\nfailregex = ^ - IP: <HOST> - \n");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            lines.append("2025-10-08 14:23:15 - IP: 198.51.")
                    .append(i / 250)
                    .append('.')
                    .append(i % 250 + 1);
            lines.append(" - User-Agent: curl/7\n");
        }
        Path log = RegexCli.write(dir, "app.log", lines.toString());

        RegexCli run = RegexCli.run("--timezone", "UTC", "--print-all-matched", log.toString(), filter.toString());

        String printed = run.out().substring(run.out().indexOf("Matched line(s):"));
        assertThat(printed.lines().filter(line -> line.startsWith("|")).count()).isEqualTo(1_000);
        assertThat(printed)
                .contains("|- 2025-10-08 14:23:15 - IP: 198.51.0.1 - User-Agent: curl/7  # host 198.51.0.1\n|  ")
                .contains("|  2025-10-08 14:23:15 - IP: 198.51.3.250 - User-Agent: curl/7  # host 198.51.3.250\n`-");
    }
}
