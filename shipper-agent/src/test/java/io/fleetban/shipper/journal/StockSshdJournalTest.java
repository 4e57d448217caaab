package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's own {@code filter.d/sshd.conf} in journal mode reads the line {@link JournalEntry#toFilterLine()} builds,
 * and its journalmatch becomes journalctl arguments. Needs Debian's fail2ban package extracted at
 * {@code FAIL2BAN_HOME} (as {@code .ci/run} does; GPL files are never committed).
 */
class StockSshdJournalTest {

    private Path filterDir;

    @BeforeEach
    void needsFail2ban() {
        String home = System.getenv("FAIL2BAN_HOME");
        assumeTrue(home != null && !home.isBlank(), "FAIL2BAN_HOME not set: stock sshd filter test skipped");
        filterDir = Path.of(home, "etc/fail2ban/filter.d");
        assumeTrue(Files.isRegularFile(filterDir.resolve("sshd.conf")), "no sshd.conf in " + filterDir);
    }

    @Test
    void stockSshdFilterMatchesARecordedJournalEntry() {
        FilterDefinition sshd = FilterReader.read(filterDir, "sshd", Map.of("logtype", "journal"));
        JailFilter filter =
                JailFilter.compile(sshd, FilterClock.fixed(Instant.parse("2026-11-25T15:00:00Z"), ZoneOffset.UTC));
        JournalEntry entry = new JournalEntryParser()
                .parse("{\"__CURSOR\":\"s=1;i=2\",\"__REALTIME_TIMESTAMP\":"
                        + "\"1795618781187324\",\"_HOSTNAME\":\"web-1\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"4242\","
                        + "\"MESSAGE\":\"Failed password for invalid user admin from 203.0.113.10 port 51234 ssh2\"}");

        MatchResult result = filter.match(entry.toFilterLine());

        assertThat(result)
                .isInstanceOfSatisfying(
                        MatchResult.Failure.class,
                        failure -> assertThat(failure.ip().canonical()).isEqualTo("203.0.113.10"));
        assertThat(JournalMatch.toArguments(sshd.journalMatch().orElseThrow()))
                .containsExactly("_SYSTEMD_UNIT=sshd.service", "+", "_COMM=sshd");
    }
}
