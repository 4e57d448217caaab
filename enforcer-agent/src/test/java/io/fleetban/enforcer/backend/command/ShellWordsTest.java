package io.fleetban.enforcer.backend.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellWordsTest {

    @Test
    void shouldSplitASimpleCommandOnBlanksKeepingTagsInsideTheirWords() {
        assertThat(ShellWords.split("iptables -w -I f2b-<name> 1  -s <ip> -j DROP", ActionTags.BAN_TAGS))
                .contains(List.of("iptables", "-w", "-I", "f2b-<name>", "1", "-s", "<ip>", "-j", "DROP"));
    }

    @Test
    void shouldHonourSingleAndDoubleQuotesAndBackslashesAsShDoes() {
        assertThat(ShellWords.split("logger -t 'fail 2ban' \"banned <ip> \\\"now\\\"\" a\\ b", ActionTags.BAN_TAGS))
                .contains(List.of("logger", "-t", "fail 2ban", "banned <ip> \"now\"", "a b"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "echo <ip> | tee -a /tmp/x",
                "echo <ip> >> /etc/hosts.deny",
                "cat < /etc/hosts",
                "true && false",
                "a; b",
                "echo $(date)",
                "echo \"$HOME\"",
                "echo `date`",
                "rm /tmp/*.ban",
                "{ iptables -N f2b; }",
                "IP=<ip> logger x",
                "for p in a b; do",
                "cd /tmp",
                "echo 'unterminated",
            })
    void shouldReportEveryLineThatNeedsAShell(String line) {
        assertThat(ShellWords.split(line, ActionTags.BAN_TAGS)).isEmpty();
    }

    @Test
    void shouldTreatAnUnknownAngleBracketAsARedirectionNotATag() {
        assertThat(ShellWords.split("mail <recipients>", ActionTags.BAN_TAGS)).isEmpty();
    }
}
