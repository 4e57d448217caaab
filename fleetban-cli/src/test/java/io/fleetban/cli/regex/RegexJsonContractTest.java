package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine contract of {@code fleetban regex --json [--now] [--timezone] [--filter-option]... LOG FILTER}. */
class RegexJsonContractTest {

    /** fail2ban's sample-test harness: clock at 2005-08-14 12:00 CEST, TZ=CET-01CEST-02. */
    static final String FAIL2BAN_NOW = "2005-08-14T12:00:00+02:00";

    static final String FAIL2BAN_TZ = "CET-01CEST-02,M3.5.0,M10.5.0";
    static final String SYSLOG_FILTER = """
            [Definition]
            failregex = ^\\s*\\S+ sshd\\[\\d+\\]: Failed password for \\S+ from <HOST> port \\d+
            ignoreregex = for ignored-user from
            """;

    @TempDir
    Path dir;

    private static long epoch(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toEpochSecond();
    }

    private static Map<String, Object> result(int line, boolean match, String host, Long time, boolean ignored) {
        final Map<String, Object> m = new HashMap<>(); // Map.of refuses the null values of the contract
        m.put("line", line);
        m.put("match", match);
        m.put("host", host);
        m.put("time", time == null ? null : time.intValue()); // Jackson reads numbers below 2^31 as Integer
        m.put("ignored", ignored);
        return m;
    }

    @Test
    void seedFilterReportsEveryLineInOrderWithHostAndEpochTime() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", """
                2025-10-08 14:23:15 - IP: 198.51.100.7 - User-Agent: curl/7.81.0
                2025-10-08 14:23:16 GET / 200
                2025-10-08 14:23:17 - IP: 2001:DB8:0::7 - User-Agent: x
                """);

        RegexCli run =
                RegexCli.run("--json", "--timezone", "Europe/Paris", log.toString(), RegexCli.SEED_FILTER.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.jsonLines())
                .containsExactly(
                        result(1, true, "198.51.100.7", epoch("2025-10-08T14:23:15+02:00"), false),
                        result(2, false, null, null, false),
                        result(3, true, "2001:db8::7", epoch("2025-10-08T14:23:17+02:00"), false));
    }

    @Test
    void yearLessSyslogDatesTakeTheYearFromNowAndTheOffsetFromThePosixRules() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/sshd-lite.conf", SYSLOG_FILTER);
        Path log = RegexCli.write(dir, "auth.log", """
                Aug 14 11:59:58 host sshd[101]: Failed password for root from 192.0.2.1 port 4242 ssh2
                Jan 10 10:00:00 host sshd[102]: Failed password for root from 192.0.2.2 port 4242 ssh2
                """);

        RegexCli posix = RegexCli.run(
                "--json", "--now", FAIL2BAN_NOW, "--timezone", FAIL2BAN_TZ, log.toString(), filter.toString());
        RegexCli iana = RegexCli.run(
                "--json",
                "--now",
                "2005-08-14T12:00:00",
                "--timezone",
                "Europe/Paris",
                log.toString(),
                filter.toString());

        List<Map<String, Object>> expected = List.of(
                result(1, true, "192.0.2.1", epoch("2005-08-14T11:59:58+02:00"), false),
                result(2, true, "192.0.2.2", epoch("2005-01-10T10:00:00+01:00"), false));
        assertThat(posix.jsonLines()).isEqualTo(expected);
        assertThat(iana.jsonLines()).isEqualTo(expected);
    }

    @Test
    void carriageReturnsAreStrippedAndALoneCarriageReturnDoesNotSplitALine() throws IOException {
        Path log = RegexCli.write(
                dir,
                "crlf.log",
                "2025-10-08 14:23:15 - IP: 198.51.100.7 - User-Agent: a\rb\r\n"
                        + "2025-10-08 14:23:16 - IP: 198.51.100.8 - User-Agent: c\r\n");

        RegexCli run = RegexCli.run("--json", "--timezone", "UTC", log.toString(), RegexCli.SAFE_FILTER.toString());

        assertThat(run.jsonLines())
                .extracting(m -> m.get("line"), m -> m.get("host"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "198.51.100.7"),
                        org.assertj.core.groups.Tuple.tuple(2, "198.51.100.8"));
    }

    @Test
    void ignoreregexMakesALineIgnoredAndNotMatched() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/sshd-lite.conf", SYSLOG_FILTER);
        Path log = RegexCli.write(
                dir,
                "auth.log",
                "Aug 14 11:59:58 host sshd[101]: Failed password for ignored-user from 192.0.2.1 port 4242 ssh2\n");

        RegexCli run = RegexCli.run(
                "--json", "--now", FAIL2BAN_NOW, "--timezone", FAIL2BAN_TZ, log.toString(), filter.toString());

        assertThat(run.jsonLines()).containsExactly(result(1, false, null, null, true));
    }

    @Test
    void anInvalidAddressIsAMatchWithTheCapturedTextAsInFail2banRegex() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", """
                2025-10-08 14:23:15 - IP: 999.1.1.1 - User-Agent: curl
                2025-10-08 14:23:15 - IP: 198.51.100.300 - User-Agent: curl
                """);

        RegexCli run = RegexCli.run("--json", "--timezone", "UTC", log.toString(), RegexCli.SEED_FILTER.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.jsonLines())
                .containsExactly(
                        result(1, true, "999.1.1.1", epoch("2025-10-08T14:23:15Z"), false),
                        result(2, true, "198.51.100.300", epoch("2025-10-08T14:23:15Z"), false));
    }

    @Test
    void journalLinesHaveNoDateAndTakeTheTimeOfNow() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/journal-lite.conf", """
                [Definition]
                failregex = ^Failed password for \\S+ from <HOST> port \\d+
                """);
        Path log = RegexCli.write(dir, "journal.txt", "Failed password for root from 192.0.2.9 port 22 ssh2\n");

        RegexCli run = RegexCli.run(
                "--json",
                "--now",
                FAIL2BAN_NOW,
                "--filter-option",
                "logtype=journal",
                log.toString(),
                filter.toString());

        assertThat(run.jsonLines()).containsExactly(result(1, true, "192.0.2.9", epoch(FAIL2BAN_NOW), false));
    }

    @Test
    void usageAndConfigErrorsExitTwoWithOneLineNamingTheProblem() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", "x\n");

        RegexCli noFilter = RegexCli.run(
                "--json", log.toString(), dir.resolve("missing.conf").toString());
        RegexCli badZone =
                RegexCli.run("--json", "--timezone", "Mars/Olympus", log.toString(), RegexCli.SEED_FILTER.toString());
        RegexCli badNow = RegexCli.run("--json", "--now", "yesterday", log.toString(), RegexCli.SEED_FILTER.toString());

        assertThat(noFilter.exitCode()).isEqualTo(2);
        assertThat(noFilter.err().strip())
                .isEqualTo("fleetban regex: filter file not found: " + dir.resolve("missing.conf"));
        assertThat(badZone.exitCode()).isEqualTo(2);
        assertThat(badZone.err().strip()).contains("Mars/Olympus").doesNotContain("\n");
        assertThat(badNow.exitCode()).isEqualTo(2);
        assertThat(badNow.err().strip()).contains("--now 'yesterday'").doesNotContain("\n");
    }

    @Test
    void aCapturedHostNameIsAMatchWithThatHostAsInFail2banRegex() throws IOException {
        Path filter = RegexCli.write(dir, "filter.d/sshd-lite.conf", SYSLOG_FILTER);
        Path log = RegexCli.write(dir, "auth.log", """
                Aug 14 11:59:58 host sshd[101]: Failed password for root from www.example.com port 4242 ssh2
                Aug 14 11:59:59 host sshd[102]: Failed password for root from 192.0.2.1 port 4242 ssh2
                """);

        RegexCli run = RegexCli.run(
                "--json", "--now", FAIL2BAN_NOW, "--timezone", FAIL2BAN_TZ, log.toString(), filter.toString());

        assertThat(run.jsonLines())
                .containsExactly(
                        result(1, true, "www.example.com", epoch("2005-08-14T11:59:58+02:00"), false),
                        result(2, true, "192.0.2.1", epoch("2005-08-14T11:59:59+02:00"), false));
    }
}
