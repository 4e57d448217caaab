package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Lines as recorded from {@code journalctl -o json} (systemd 252), cut to the fields that matter. */
class JournalEntryParserTest {

    private static final String SSHD = "{\"__CURSOR\":\"s=56649a64ce2240598f069d157e2b9ab7;i=2;b=0123456789abcdef"
            + "0123456789abcdef;m=1;t=6611b139accfc;x=4240368d1162b832\",\"__REALTIME_TIMESTAMP\":\"1795618781187324\","
            + "\"__MONOTONIC_TIMESTAMP\":\"1\",\"_BOOT_ID\":\"0123456789abcdef0123456789abcdef\",\"_HOSTNAME\":\"web-1\","
            + "\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"42\",\"_COMM\":\"sshd\",\"_SYSTEMD_UNIT\":\"sshd.service\","
            + "\"MESSAGE\":\"Failed password for root from 203.0.113.9 port 22 ssh2\"}";

    private final JournalEntryParser parser = new JournalEntryParser();

    @Test
    void stringMessageBecomesFail2bansJournalLine() {
        JournalEntry entry = parser.parse(SSHD);

        assertThat(entry.cursor()).startsWith("s=56649a64ce2240598f069d157e2b9ab7;i=2;");
        assertThat(entry.time()).isEqualTo(Instant.parse("2026-11-25T14:59:41.187324Z"));
        assertThat(entry.toFilterLine())
                .isEqualTo("web-1 sshd[42]: Failed password for root from 203.0.113.9 port 22 ssh2");
    }

    @Test
    void byteArrayMessageIsDecodedAsUtf8WithMalformedBytesReplaced() {
        // journalctl prints MESSAGE as bytes when it is not valid UTF-8: here "bad \xff from 203.0.113.9".
        String line = "{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1000000\",\"MESSAGE\":[98,97,100,32,255,32,"
                + "102,114,111,109,32,50,48,51,46,48,46,49,49,51,46,57]}";

        assertThat(parser.parse(line).message()).isEqualTo("bad \uFFFD from 203.0.113.9");
    }

    @Test
    void repeatedMessageIsJoinedLikeFail2banAndOtherRepeatedFieldsTakeTheFirst() {
        String line = "{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1\",\"_HOSTNAME\":[\"a\",\"b\"],"
                + "\"MESSAGE\":[\"first\",[115,101,99,111,110,100]]}";

        assertThat(parser.parse(line).toFilterLine()).isEqualTo("a first second");
    }

    @Test
    void missingHostIdentifierAndPidAreLeftOutOfTheLine() {
        JournalEntry entry =
                parser.parse("{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1500000\",\"MESSAGE\":\"hi\"}");

        assertThat(entry.hostname()).isEmpty();
        assertThat(entry.pid()).isEqualTo(OptionalLong.empty());
        assertThat(entry.time()).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
        assertThat(entry.toFilterLine()).isEqualTo("hi");
    }

    @Test
    void commAndSyslogPidStandInLikeFail2bansBackend() {
        JournalEntry entry = parser.parse("{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1\",\"_HOSTNAME\":\"h\","
                + "\"_COMM\":\"dropbear\",\"SYSLOG_PID\":\"7\",\"_PID\":\"8\",\"MESSAGE\":null}");

        assertThat(entry.toFilterLine()).isEqualTo("h dropbear[7]: ");
    }

    @Test
    void forgedPidIsNotPrinted() {
        JournalEntry entry = parser.parse("{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1\",\"SYSLOG_IDENTIFIER\":"
                + "\"sshd\",\"SYSLOG_PID\":\"1]: from 203.0.113.9\",\"MESSAGE\":\"m\"}");

        assertThat(entry.toFilterLine()).isEqualTo("sshd: m");
    }

    @Test
    void entryWithoutCursorOrTimeIsRefused() {
        assertThatThrownBy(() -> parser.parse("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"m\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__CURSOR");
        assertThatThrownBy(() -> parser.parse("{\"__CURSOR\":\"c\",\"MESSAGE\":\"m\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__REALTIME_TIMESTAMP");
        assertThatThrownBy(() -> parser.parse("{\"__CURSOR\":\"c\",\"__REALTIME_TIMESTAMP\":\"soon\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("soon");
    }

    @Test
    void nonJsonIsRefused() {
        assertThatThrownBy(() -> parser.parse("-- No entries --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON object");
    }
}
