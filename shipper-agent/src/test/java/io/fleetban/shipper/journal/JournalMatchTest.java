package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalMatchTest {

    @Test
    void plusSeparatesOrGroupsAsOneArgument() {
        // Debian's filter.d/sshd.conf: journalmatch = _SYSTEMD_UNIT=sshd.service + _COMM=sshd
        assertThat(JournalMatch.toArguments("_SYSTEMD_UNIT=sshd.service + _COMM=sshd"))
                .containsExactly("_SYSTEMD_UNIT=sshd.service", "+", "_COMM=sshd");
    }

    @Test
    void termsOnOneLineStayAndedAndEachLineIsAnOrGroup() {
        assertThat(JournalMatch.toArguments("_SYSTEMD_UNIT=nginx.service PRIORITY=3\n_COMM=nginx\n"))
                .containsExactly("_SYSTEMD_UNIT=nginx.service", "PRIORITY=3", "+", "_COMM=nginx");
    }

    @Test
    void quotedValueKeepsItsSpaces() {
        assertThat(JournalMatch.toArguments("SYSLOG_IDENTIFIER=\"my app\" _COMM='a b'"))
                .containsExactly("SYSLOG_IDENTIFIER=my app", "_COMM=a b");
    }

    @Test
    void blankMatchesEverything() {
        assertThat(JournalMatch.toArguments("  \n ")).isEmpty();
    }

    @Test
    void optionsAndDanglingPlusAreRefused() {
        assertThatThrownBy(() -> JournalMatch.toArguments("--file=/etc/shadow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not FIELD=value");
        assertThatThrownBy(() -> JournalMatch.toArguments("+ _COMM=sshd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'+'");
        assertThatThrownBy(() -> JournalMatch.toArguments("_COMM=sshd + + _COMM=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'+'");
        assertThatThrownBy(() -> JournalMatch.toArguments("_COMM=\"sshd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed quote");
    }

    @Test
    void commandStartsAtTheEndWithoutACursor() {
        JournalCommand command = new JournalCommand(
                List.of("journalctl", "--directory=/j"),
                JournalMatch.toArguments("_SYSTEMD_UNIT=sshd.service + _COMM=sshd"));

        assertThat(command.arguments(Optional.empty(), Optional.empty()))
                .containsExactly(
                        "journalctl",
                        "--directory=/j",
                        "-o",
                        "json",
                        "-f",
                        "--no-pager",
                        "-n",
                        "0",
                        "_SYSTEMD_UNIT=sshd.service",
                        "+",
                        "_COMM=sshd");
    }

    @Test
    void commandResumesAfterTheCursorWithEveryEntrySince() {
        JournalCommand command = new JournalCommand(List.of("journalctl"), List.of("_COMM=sshd"));

        assertThat(command.arguments(Optional.of("s=1;i=2"), Optional.empty()))
                .containsExactly(
                        "journalctl",
                        "-o",
                        "json",
                        "-f",
                        "--no-pager",
                        "--after-cursor=s=1;i=2",
                        "--no-tail",
                        "_COMM=sshd");
        assertThat(command.arguments(Optional.empty(), Optional.of(Instant.ofEpochSecond(1700000000))))
                .containsSequence("--since=@1700000000", "--no-tail");
    }
}
