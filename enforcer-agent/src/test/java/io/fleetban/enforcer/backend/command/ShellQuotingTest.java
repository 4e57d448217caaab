package io.fleetban.enforcer.backend.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BanGuard makes a hostile tag value impossible (only validated addresses reach a ban); these tests prove that the
 * shell fallback's quoting would still keep such a value data, in each quoting context.
 */
class ShellQuotingTest {

    private static final String HOSTILE = "1.2.3.4'; touch /tmp/pwned; echo \"$(id)`id`\\";

    @Test
    void shouldSingleQuoteAValueOutsideQuotes() {
        assertThat(ShellQuoting.substitute("echo <ip> done", Map.of("ip", "192.0.2.1")))
                .isEqualTo("echo '192.0.2.1' done");
    }

    @Test
    void shouldEscapeAValueInsideDoubleQuotesAndInsideSingleQuotes() {
        assertThat(ShellQuoting.substitute("printf %b \"ALL: <ip>\\n\"", Map.of("ip", "a\"$`\\b")))
                .isEqualTo("printf %b \"ALL: a\\\"\\$\\`\\\\b\\n\"");
        assertThat(ShellQuoting.substitute("echo '<ip>'", Map.of("ip", "it's"))).isEqualTo("echo 'it'\\''s'");
    }

    @Test
    void shouldLeaveTextThatIsNoRunTimeTagAlone() {
        assertThat(ShellQuoting.substitute("cat <file> 2>&1 <ip>", Map.of("ip", "192.0.2.1")))
                .isEqualTo("cat <file> 2>&1 '192.0.2.1'");
    }

    @Test
    void shouldDeliverAHostileValueAsOneArgumentInEveryQuotingContext() throws FirewallException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        final ProcessCommandRunner sh = new ProcessCommandRunner(Duration.ofSeconds(10));
        for (String script : List.of(
                "printf '[%s]' <ip>", "printf '[%s]' \"<ip>\"", "printf '[%s]' '<ip>'", "printf '[%s]' x<ip>y")) {
            final String printed = sh.runChecked(
                            List.of("/bin/sh", "-c", ShellQuoting.substitute(script, Map.of("ip", HOSTILE))), "")
                    .stdout();

            assertThat(printed).as(script).isIn("[" + HOSTILE + "]", "[x" + HOSTILE + "y]");
        }
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }
}
